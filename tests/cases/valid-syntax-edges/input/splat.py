import pickle


def first_and_rest(a, rest):
    return a, *rest


def items(xs, blob):
    yield 1, *xs
    yield pickle.loads(blob)
