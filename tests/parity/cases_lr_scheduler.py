"""``torch.optim.lr_scheduler``: the learning rate each scheduler sets epoch by epoch (StepLR,
MultiStepLR, ExponentialLR, LambdaLR, MultiplicativeLR, CosineAnnealingLR, LinearLR,
ReduceLROnPlateau), per parameter group, the warning for a scheduler stepped before its optimizer,
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
}
