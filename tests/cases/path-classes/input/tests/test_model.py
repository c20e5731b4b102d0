import pickle


def test_roundtrip(blob, expr):
    assert pickle.loads(blob) is not None
    assert eval(expr) == 2
