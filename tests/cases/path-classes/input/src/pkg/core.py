def run(expr):
    return eval(expr)
