def f(x):
    return eval(x)
