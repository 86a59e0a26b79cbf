"""``torch.optim``: torch's errors for bad hyperparameters of every optimizer, ``lr`` as a tensor,
the state an optimizer keeps (its keys, dtypes and shapes), ``repr`` and LBFGS's closure rules —
against torch 2.x. (Trajectories are compared step by step in tests/test_optim.py.)"""

P = "p = t.nn.Parameter(t.tensor([1.0, -2.0, 3.0]))\n"
STEP = P + """
def closure():
    opt.zero_grad()
    loss = ((p - 0.5) ** 2).sum() + (p ** 4).sum() * 0.1
    loss.backward()
    return loss
def state_summary(opt, steps=3):
    for _ in range(steps):
        opt.step(closure)
    state = opt.state[p]
    return sorted((key, type(value).__name__, str(getattr(value, 'dtype', '')),
                   tuple(getattr(value, 'shape', ()))) for key, value in state.items())
"""

BAD = {
    "adamax_lr": "t.optim.Adamax([p], lr=-1.0)",
    "adamax_eps": "t.optim.Adamax([p], eps=-1e-8)",
    "adamax_beta0": "t.optim.Adamax([p], betas=(1.0, 0.999))",
    "adamax_beta1": "t.optim.Adamax([p], betas=(0.9, -0.1))",
    "adamax_weight_decay": "t.optim.Adamax([p], weight_decay=-0.1)",
    "nadam_momentum_decay": "t.optim.NAdam([p], momentum_decay=-1.0)",
    "nadam_beta1": "t.optim.NAdam([p], betas=(0.9, 1.5))",
    "radam_eps": "t.optim.RAdam([p], eps=-1.0)",
    "radam_weight_decay": "t.optim.RAdam([p], weight_decay=-1.0)",
    "adadelta_rho": "t.optim.Adadelta([p], rho=1.5)",
    "adadelta_eps": "t.optim.Adadelta([p], eps=-1.0)",
    "rprop_etas": "t.optim.Rprop([p], etas=(1.5, 1.2))",
    "rprop_lr": "t.optim.Rprop([p], lr=-0.1)",
    "asgd_weight_decay": "t.optim.ASGD([p], weight_decay=-0.5)",
    "lbfgs_lr": "t.optim.LBFGS([p], lr=-1)",
    "lbfgs_groups": "t.optim.LBFGS([{'params': [p]}, {'params': [t.nn.Parameter(t.ones(1))]}])",
    "lr_tensor_two_elements": "t.optim.Adam([p], lr=t.tensor([0.1, 0.2]))",
    "lr_tensor_negative": "t.optim.SGD([p], lr=t.tensor(-0.1))",
    "lr_nan": "t.optim.SGD([p], lr=float('nan'))",
}

CASES = {
    **{f"bad_{name}": P + code for name, code in BAD.items()},
    "adamax_state": STEP + "opt = t.optim.Adamax([p], lr=0.1)\nstate_summary(opt)",
    "nadam_state": STEP + "opt = t.optim.NAdam([p], lr=0.1)\nstate_summary(opt), opt.state[p]['mu_product']",
    "radam_state": STEP + "opt = t.optim.RAdam([p], lr=0.1)\nstate_summary(opt)",
    "adadelta_state": STEP + "opt = t.optim.Adadelta([p])\nstate_summary(opt)",
    "rprop_state": STEP + "opt = t.optim.Rprop([p], lr=0.1)\nstate_summary(opt), opt.state[p]['step_size']",
    "asgd_state": STEP + "opt = t.optim.ASGD([p], lr=0.1, t0=1)\nstate_summary(opt), opt.state[p]['eta'], "
                         "opt.state[p]['mu'], opt.state[p]['ax']",
    "lbfgs_state": STEP + "opt = t.optim.LBFGS([p], history_size=4, max_iter=3)\n"
                          "summary = state_summary(opt, 2)\n"
                          "s = opt.state[p]\n"
                          "summary, s['func_evals'], s['n_iter'], len(s['old_dirs']), len(s['al']), p",
    "lbfgs_strong_wolfe_value": STEP + "opt = t.optim.LBFGS([p], line_search_fn='strong_wolfe')\n"
                                       "losses = [opt.step(closure) for _ in range(2)]\n"
                                       "losses, p, opt.state[p]['func_evals'], opt.state[p]['n_iter']",
    "lbfgs_unknown_line_search": STEP + "opt = t.optim.LBFGS([p], line_search_fn='armijo')\nopt.step(closure)",
    "lbfgs_needs_closure": STEP + "opt = t.optim.LBFGS([p])\nopt.step()",
    "lbfgs_converged_returns_first_loss": P + "opt = t.optim.LBFGS([p])\n"
                                              "def closure():\n    opt.zero_grad()\n"
                                              "    loss = (p * 0).sum()\n    loss.backward()\n    return loss\n"
                                              "opt.step(closure), opt.state[p]",
    "repr_and_defaults": P + "[repr(cls([p])) for cls in (t.optim.Adamax, t.optim.NAdam, t.optim.RAdam, "
                             "t.optim.Adadelta, t.optim.Rprop, t.optim.ASGD, t.optim.LBFGS)]",
    "tensor_lr_group_and_step": STEP + "opt = t.optim.Adam([p], lr=t.tensor(0.1))\n"
                                       "opt.step(closure)\nopt.param_groups[0]['lr'], p",
    "state_dict_round_trip": STEP + "opt = t.optim.NAdam([p], lr=0.1)\nopt.step(closure)\n"
                                    "saved = opt.state_dict()\n"
                                    "other = t.optim.NAdam([p], lr=0.5)\nother.load_state_dict(saved)\n"
                                    "other.step(closure)\nsorted(saved['state'][0]), other.param_groups[0]['lr'], p",
}
