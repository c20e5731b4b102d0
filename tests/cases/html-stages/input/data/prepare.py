def run(s):
    return eval(s)
