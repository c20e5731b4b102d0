def main(expr):
    return eval(expr)
