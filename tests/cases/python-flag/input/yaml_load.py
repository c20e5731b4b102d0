import yaml
from yaml import Loader as L


def read(text, stream):
    a = yaml.unsafe_load(text)
    b = yaml.full_load(text)
    c = list(yaml.load_all(stream, Loader=yaml.Loader))
    d = yaml.load(text)
    e = yaml.load(text, Loader=L)
    f = yaml.load(text, yaml.UnsafeLoader)
    return a, b, c, d, e, f
