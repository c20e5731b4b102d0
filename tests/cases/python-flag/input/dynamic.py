import builtins
import importlib


def run(src, name, fn):
    eval(src)
    exec(src, {})
    builtins.eval(src)
    builtins.exec(src)
    code = compile(src, fn, "exec")
    mod = __import__(name)
    mod2 = importlib.import_module(name)
    return code, mod, mod2
