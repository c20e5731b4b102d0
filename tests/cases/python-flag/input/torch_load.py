import torch
from torch import load


def restore(p, flag):
    a = load(p)                                # from torch import load: Bandit misses this
    b = torch.load(p)                          # no weights_only
    c = torch.load(p, weights_only=False)      # explicitly unsafe
    d = torch.load(p, weights_only=flag)       # a variable: lower confidence (note)
    e = torch.load(p, map_location="cpu",)     # fix appends after the trailing comma
    return a, b, c, d, e
