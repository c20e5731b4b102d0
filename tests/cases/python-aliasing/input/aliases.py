"""Name resolution: a call is judged by what it resolves to."""
import builtins
import importlib as il
import pickle as pk
import yaml as y
from transformers import AutoModel

loader = pk.loads                       # assignment alias
m = AutoModel                           # class alias
getter = getattr(pk, "load")            # getattr with a literal
run = builtins.exec
Unsafe = y.Loader
MODEL_ID = "org/model"                  # a constant that names a hub repo


def use(blob, f, src, text, name):
    loader(blob)
    m.from_pretrained(MODEL_ID)
    getter(f)
    getattr(builtins, "eval")(src)
    run(src)
    y.load(text, Loader=Unsafe)
    __import__("pickle").loads(blob)
    return il.import_module(name)


def lazy(blob):
    import dill as pickle                   # import inside a function
    return pickle.loads(blob)


def shadowed(pk, eval):
    pk.loads(1)                             # a parameter, not the module
    return eval("x")                        # a parameter, not the builtin


class Model:
    def eval(self):
        return self

    def run(self, x):
        self.eval()
        return x.eval()
