"""``torch.optim.lr_scheduler``: the learning rate each scheduler sets epoch by epoch (StepLR,
MultiStepLR, ExponentialLR, LambdaLR, MultiplicativeLR, CosineAnnealingLR, LinearLR,
ReduceLROnPlateau, ConstantLR, PolynomialLR, SequentialLR, ChainedScheduler, CyclicLR,
CosineAnnealingWarmRestarts, OneCycleLR; rates unrounded, with the momentum or Adam's beta1 the
cycling ones set, and the state_dict), per parameter group, the warning for a scheduler stepped before its optimizer,
and its errors — against torch 2.x."""

RUN = """
import importlib
S = importlib.import_module(t.__name__ + '.optim.lr_scheduler')
def run(make, steps=12, metric=None):
    p = t.nn.Parameter(t.ones(1))
    opt = t.optim.SGD([p], lr=0.5)
    s = make(opt)
    out = [round(s.get_last_lr()[0], 8)]
    for i in range(steps):
        opt.step()
        s.step() if metric is None else s.step(metric(i))
        out.append(round(opt.param_groups[0]['lr'], 8))
    return out
"""

CYCLE = """
import importlib
S = importlib.import_module(t.__name__ + '.optim.lr_scheduler')
def cycle(make, steps=35, adam=False, epochs=None, groups=1):
    ps = [{'params': [t.nn.Parameter(t.ones(1))]} for _ in range(groups)]
    opt = t.optim.Adam(ps, lr=0.5) if adam else t.optim.SGD(ps, lr=0.5, momentum=0.9)
    s = make(opt)
    out = [s.get_last_lr()]
    for i in range(steps):
        opt.step()
        s.step() if epochs is None else s.step(epochs[i])
        out.append([(g['lr'], g['betas'][0] if adam else g['momentum']) for g in opt.param_groups])
    state = s.state_dict()
    return out, s.get_last_lr(), sorted(state), {k: v for k, v in state.items()
                                                 if k in ('last_epoch', '_step_count', 'T_cur', 'T_i', 'base_lrs')}
"""

CASES = {
    "step_lr": RUN + "run(lambda o: S.StepLR(o, 3, 0.5))",
    "multistep_lr": RUN + "run(lambda o: S.MultiStepLR(o, [2, 5, 5], 0.1))",
    "exponential_lr": RUN + "run(lambda o: S.ExponentialLR(o, 0.9))",
    "lambda_lr": RUN + "run(lambda o: S.LambdaLR(o, lambda e: 1 / (e + 1)))",
    "multiplicative_lr": RUN + "run(lambda o: S.MultiplicativeLR(o, lambda e: 0.95))",
    "cosine_annealing_lr": RUN + "run(lambda o: S.CosineAnnealingLR(o, T_max=4, eta_min=0.01), steps=20)",
    "linear_lr_warmup": RUN + "run(lambda o: S.LinearLR(o, start_factor=0.25, total_iters=4))",
    "plateau_min": RUN + "run(lambda o: S.ReduceLROnPlateau(o, patience=2, factor=0.5), "
                         "metric=lambda i: 1.0 if i > 2 else 1.0 / (i + 1))",
    "plateau_max_cooldown_min_lr": RUN + "run(lambda o: S.ReduceLROnPlateau(o, mode='max', patience=1, "
                                         "cooldown=2, min_lr=0.1), metric=lambda i: 0.5)",
    "plateau_abs_threshold_tensor_metric": RUN + "run(lambda o: S.ReduceLROnPlateau(o, patience=0, "
                                                 "threshold=0.1, threshold_mode='abs'), "
                                                 "metric=lambda i: t.tensor(1.0 - 0.05 * i))",
    "initial_lr_and_base_lrs": RUN + "p = t.nn.Parameter(t.ones(1))\nopt = t.optim.SGD([p], lr=0.5)\n"
                                     "s = S.StepLR(opt, 2)\ns.last_epoch, s.base_lrs, opt.param_groups[0]['initial_lr'], "
                                     "s.get_last_lr()",
    "groups_and_step_before_optimizer_warns": RUN + "p = t.nn.Parameter(t.ones(1))\n"
                                                    "opt = t.optim.Adam([{'params': [p]}, {'params': [t.nn.Parameter(t.ones(1))], 'lr': 0.1}], lr=0.01)\n"
                                                    "s = S.LambdaLR(opt, [lambda e: 0.5 ** e, lambda e: 1.0])\n"
                                                    "for _ in range(3):\n    s.step()\ns.get_last_lr()",
    "not_an_optimizer": RUN + "S.StepLR(None, 2)",
    "plateau_factor_too_big": RUN + "S.ReduceLROnPlateau(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), factor=2)",
    "lambdas_per_group_count": RUN + "S.LambdaLR(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), [lambda e: 1.0, lambda e: 2.0])",
    "resume_without_initial_lr": RUN + "S.StepLR(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), 2, last_epoch=3)",
    "one_cycle_cos_sgd_momentum": CYCLE + "cycle(lambda o: S.OneCycleLR(o, max_lr=1.0, total_steps=35))",
    "one_cycle_linear_three_phase": CYCLE + "cycle(lambda o: S.OneCycleLR(o, max_lr=[1.0], total_steps=35, "
                                            "anneal_strategy='linear', three_phase=True, div_factor=10., final_div_factor=100.))",
    "one_cycle_epochs_adam_betas": CYCLE + "cycle(lambda o: S.OneCycleLR(o, 0.01, epochs=5, steps_per_epoch=7, pct_start=0.25), adam=True)",
    "one_cycle_two_groups_no_momentum": CYCLE + "cycle(lambda o: S.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=35, "
                                                "cycle_momentum=False), groups=2)",
    "one_cycle_stepped_too_far": CYCLE + "cycle(lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=20), steps=21)",
    "one_cycle_needs_total_steps": CYCLE + "S.OneCycleLR(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), 0.1)",
    "one_cycle_pct_start_int": CYCLE + "S.OneCycleLR(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), 0.1, 10, pct_start=1)",
    "one_cycle_needs_momentum": CYCLE + "S.OneCycleLR(t.optim.Adagrad([t.nn.Parameter(t.ones(1))]), 0.1, 10)",
    "sequential_warmup_then_cosine": CYCLE + "cycle(lambda o: S.SequentialLR(o, [S.LinearLR(o, 0.1, total_iters=5), "
                                             "S.CosineAnnealingLR(o, T_max=30, eta_min=0.001)], milestones=[5]))",
    "sequential_three": CYCLE + "cycle(lambda o: S.SequentialLR(o, [S.ConstantLR(o, 0.5, total_iters=3), "
                                "S.ExponentialLR(o, 0.9), S.StepLR(o, 4, 0.5)], milestones=[4, 12]))",
    "sequential_milestone_count": CYCLE + "o = t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1)\n"
                                          "S.SequentialLR(o, [S.StepLR(o, 2)], [3])",
    "chained_constant_exponential": CYCLE + "cycle(lambda o: S.ChainedScheduler([S.ConstantLR(o, 0.1, total_iters=4), "
                                            "S.ExponentialLR(o, 0.9)]))",
    "chained_other_optimizer": CYCLE + "o = t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1)\n"
                                       "S.ChainedScheduler([S.StepLR(o, 2), S.StepLR(t.optim.Adam([t.nn.Parameter(t.ones(1))]), 2)])",
    "constant_lr": CYCLE + "cycle(lambda o: S.ConstantLR(o, factor=0.5, total_iters=4))",
    "constant_lr_factor": CYCLE + "S.ConstantLR(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), 2)",
    "polynomial_lr": CYCLE + "cycle(lambda o: S.PolynomialLR(o, total_iters=20, power=2.0))",
    "warm_restarts_t_mult": CYCLE + "cycle(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=0.01))",
    "warm_restarts_fractional_epochs": CYCLE + "cycle(lambda o: S.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2), "
                                               "steps=36, epochs=[e + i / 4 for e in range(9) for i in range(4)])",
    "warm_restarts_bad_t_mult": CYCLE + "S.CosineAnnealingWarmRestarts(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), 2, 1.5)",
    "cyclic_triangular": CYCLE + "cycle(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=4))",
    "cyclic_triangular2": CYCLE + "cycle(lambda o: S.CyclicLR(o, 0.01, 0.1, step_size_up=3, step_size_down=5, mode='triangular2'))",
    "cyclic_exp_range_adam": CYCLE + "cycle(lambda o: S.CyclicLR(o, 0.001, 0.01, step_size_up=4, mode='exp_range', "
                                     "gamma=0.95, base_momentum=0.85, max_momentum=0.95), adam=True)",
    "cyclic_bad_mode": CYCLE + "S.CyclicLR(t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1), 0.1, 1, mode='x')",
    "step_with_epoch_closed_form_warns": CYCLE + "cycle(lambda o: S.CosineAnnealingLR(o, 10), steps=12, epochs=list(range(12)))",
    "get_lr_outside_step_warns": CYCLE + "o = t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1)\n"
                                         "S.StepLR(o, 2).get_lr()",
    "lambda_state_dict_round_trip": CYCLE + "o = t.optim.SGD([t.nn.Parameter(t.ones(1))], lr=0.1)\n"
                                            "s = S.LambdaLR(o, lambda e: 0.5)\ns.load_state_dict(s.state_dict())\n"
                                            "s.lr_lambdas[0](1), sorted(s.state_dict())",
}
