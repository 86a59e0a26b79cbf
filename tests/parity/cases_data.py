"""``torch.utils.data``: ``default_collate``'s rules, ``TensorDataset``, ``Subset``/``random_split``,
``DataLoader`` batching (``drop_last``, ``shuffle`` seen through sorted indices, ``batch_size=None``,
custom ``Dataset``s and ``collate_fn``), a d2l-style training loop — against torch 2.x."""

U = "import importlib\ndata = importlib.import_module(t.__name__ + '.utils.data')\n"
DS = U + "ds = data.TensorDataset(t.arange(10.).reshape(5, 2), t.arange(5))\n"

CASES = {
    "collate_rules": U + "c = data.default_collate\n"
                         "c([(1, 2), (3, 4)]), c([1.5, 2.5]), c([{'a': 1}, {'a': 2}]), c(['x', 'y']), "
                         "c([t.zeros(2), t.ones(2)]), c([[1, 2], [3, 4]]), c([True, False]), "
                         "c([np.zeros(2), np.ones(2)]), c([np.float32(1.5), np.float32(2.0)])",
    "collate_namedtuple": U + "import collections\nP = collections.namedtuple('P', 'x y')\n"
                              "b = data.default_collate([P(1, 2.0), P(3, 4.0)])\ntype(b).__name__, b.x, b.y",
    "collate_ragged": U + "data.default_collate([[1, 2], [3]])",
    "tensor_dataset": DS + "len(ds), ds[1], ds[1:3], ds.tensors[1]",
    "tensor_dataset_size_mismatch": U + "data.TensorDataset(t.zeros(2), t.zeros(3))",
    "loader_batches": DS + "dl = data.DataLoader(ds, batch_size=2)\n"
                           "len(dl), [(X.shape, y) for X, y in dl], len(data.DataLoader(ds, 2, drop_last=True)), "
                           "[y for _, y in data.DataLoader(ds, batch_size=2, drop_last=True)]",
    "loader_shuffle_covers_everything": DS + "dl = data.DataLoader(ds, batch_size=2, shuffle=True)\n"
                                             "sorted(int(i) for _, y in dl for i in y), [len(y) for _, y in dl]",
    "loader_no_batching": DS + "[s for s in data.DataLoader(ds, batch_size=None)][:2], "
                               "list(data.DataLoader([{'a': (1, 2)}, np.ones(2)], batch_size=None))",
    "loader_custom_dataset": U + "class Squares(data.Dataset):\n"
                                 "    def __len__(self):\n        return 4\n"
                                 "    def __getitem__(self, i):\n        return {'x': t.tensor([float(i)]), 'y': i * i}\n"
                                 "list(data.DataLoader(Squares(), batch_size=3)), "
                                 "list(data.DataLoader(Squares(), batch_size=2, collate_fn=lambda b: len(b)))",
    "loader_iterable_dataset": U + "class Stream(data.IterableDataset):\n"
                                   "    def __iter__(self):\n        return iter([t.tensor([i, i]) for i in range(5)])\n"
                                   "list(data.DataLoader(Stream(), batch_size=2))",
    "random_split_sizes": DS + "a, b = data.random_split(ds, [3, 2])\n"
                               "len(a), len(b), type(a).__name__, sorted([int(a[i][1]) for i in range(3)] + "
                               "[int(b[i][1]) for i in range(2)]), [len(p) for p in data.random_split(range(10), [0.5, 0.3, 0.2])]",
    "random_split_wrong_total": DS + "data.random_split(ds, [3, 3])",
    "d2l_load_array_training": U + """
true_w = t.tensor([2., -3.4])
features = t.arange(40.).reshape(20, 2) / 20
labels = features @ true_w + 4.2
def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)
net = t.nn.Sequential(t.nn.Linear(2, 1))
net[0].weight.data.fill_(0.1)
net[0].bias.data.fill_(0)
loss = t.nn.MSELoss()
trainer = t.optim.SGD(net.parameters(), lr=0.1)
for epoch in range(3):
    for X, y in load_array((features, labels.reshape(-1, 1)), 5, is_train=False):
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
net[0].weight.data, net[0].bias.data, loss(net(features), labels.reshape(-1, 1))
""",
    # --- samplers: what minGPT's trainer builds its endless batches from -------------------------
    "samplers_errors": U + """
out = []
for f in (lambda: data.RandomSampler(range(5), replacement=1), lambda: data.RandomSampler(range(5), num_samples=0),
          lambda: data.RandomSampler(range(5), num_samples=2.0), lambda: data.RandomSampler([]),
          lambda: data.BatchSampler(range(5), 0, False), lambda: data.BatchSampler(range(5), True, False),
          lambda: data.BatchSampler(range(5), 2, 1), lambda: data.WeightedRandomSampler([[1.]], 2),
          lambda: data.WeightedRandomSampler([1.], 0), lambda: data.WeightedRandomSampler([1.], 2, replacement=0)):
    try:
        f()
    except (TypeError, ValueError) as e:
        out.append((type(e).__name__, str(e)))
out
""",
    "samplers_draws": U + """
from collections import Counter
endless = data.RandomSampler(range(5), replacement=True, num_samples=int(1e10))
stream = iter(endless)
first = [next(stream) for _ in range(100)]
repeated = Counter(data.RandomSampler(range(5), num_samples=12))
g = t.Generator().manual_seed(0)
weighted = data.WeightedRandomSampler([0., 1., 0.], 4)
(len(endless), endless.num_samples, endless.replacement, set(first) <= set(range(5)),
 len(data.RandomSampler(range(5), num_samples=12)), sorted(repeated), min(repeated.values()), sum(repeated.values()),
 len(list(data.RandomSampler(range(5), replacement=True, num_samples=70))),
 sorted(data.RandomSampler(range(6))), sorted(data.RandomSampler(range(10), generator=g)),
 list(data.SequentialSampler(range(4))), len(data.SequentialSampler(range(4))),
 sorted(data.SubsetRandomSampler([3, 5, 7])), list(weighted), len(weighted), weighted.weights.dtype,
 sorted(data.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 6, replacement=False)),
 isinstance(endless, data.Sampler), data.RandomSampler(range(3)).data_source)
""",
    "batch_sampler_and_loader": U + """
batches = data.BatchSampler(data.SequentialSampler(range(10)), batch_size=3, drop_last=False)
loader = data.DataLoader(list(range(10)), sampler=data.RandomSampler(range(10), replacement=True, num_samples=7),
                         batch_size=3)
by_batches = data.DataLoader(list(range(10)), batch_sampler=data.BatchSampler(data.SequentialSampler(range(10)), 4, False))
(list(batches), len(batches), len(data.BatchSampler(range(10), 3, True)), list(data.BatchSampler(range(10), 3, True)),
 len(loader), [b.shape for b in loader], len(by_batches), [b.tolist() for b in by_batches])
""",
    "concat_dataset": U + """
c = data.ConcatDataset([[1, 2], [3], (4, 5)])
s = data.TensorDataset(t.arange(3)) + data.TensorDataset(t.arange(10, 12))
len(c), c[2], c[-1], c[0], c.cumulative_sizes, type(s).__name__, len(s), s[3], [b for b in data.DataLoader(s, batch_size=2)]
""",
    "concat_dataset_index_error": U + "data.ConcatDataset([[1, 2], [3]])[5]",
    "concat_dataset_negative_error": U + "data.ConcatDataset([[1, 2], [3]])[-4]",
    "concat_dataset_empty_error": U + "data.ConcatDataset([])",
    "collate_strings_in_tuples": U + "list(data.DataLoader([(1, 'a'), (2, 'b')], batch_size=2)), data.default_collate([('a', 1.5), ('b', 2.5)]), data.default_collate(['x', 'y']), data.default_collate([{'a': 'x'}, {'a': 'y'}])",
    "stack_dataset_tuple_and_dict": DS + "s = data.StackDataset(ds, [10, 11, 12, 13, 14])\n"
                                         "d = data.StackDataset(x=ds, y=list('abcde'))\n"
                                         "len(s), s[1], d[2], s.__getitems__([0, 4]), d.__getitems__([3]), "
                                         "list(data.DataLoader(d, batch_size=2))[-1]",
    "stack_dataset_size_mismatch": DS + "data.StackDataset(ds, [1, 2])",
    "stack_dataset_both_kinds": DS + "data.StackDataset(ds, y=ds)",
    "stack_dataset_none": U + "data.StackDataset()",
    "chain_dataset_and_iterable_add": U + "class Stream(data.IterableDataset):\n"
                                          "    def __init__(self, n):\n        self.n = n\n"
                                          "    def __iter__(self):\n        return iter(range(self.n))\n"
                                          "    def __len__(self):\n        return self.n\n"
                                          "c = data.ChainDataset([Stream(2), Stream(3)])\ns = Stream(1) + Stream(2)\n"
                                          "list(c), len(c), type(s).__name__, list(s), list(data.DataLoader(c, batch_size=2))",
    "chain_dataset_map_style": U + "list(data.ChainDataset([[1, 2]]))",
    "worker_info_main_process": U + "data.get_worker_info()",
}
