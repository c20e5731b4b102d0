try:
    import cPickle as pickle
except ImportError:
    pickle = None

try:
    from yaml import CSafeLoader as Loader
except ImportError:
    from yaml import SafeLoader as Loader
import yaml

from marshal import *


def go(blob, text):
    pickle.loads(blob)
    yaml.load(text, Loader=Loader)          # safe on both branches
    return loads(blob)                      # from marshal import *
