import _pickle
import cloudpickle
import dill
import joblib
import jsonpickle
import marshal
import numpy as np
import pandas as pd
import shelve

try:
    import cPickle as pickle
except ImportError:
    import pickle


def load_all(blob, path, code):
    return [
        pickle.loads(blob),
        pickle.Unpickler(open(path, "rb")).load(),
        _pickle.load(open(path, "rb")),
        cloudpickle.loads(blob),
        dill.load(open(path, "rb")),
        joblib.load(path),
        np.load(path, allow_pickle=True),
        pd.read_pickle(path),
        shelve.open(path),
        marshal.loads(code),
        jsonpickle.decode(blob),
    ]
