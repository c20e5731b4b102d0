import pickle
import pickletools                              # Bandit: false positive on the import
import numpy as np

blob = pickle.dumps(obj)
pickletools.dis(blob)
arr = np.load("a.npy")
arr2 = np.load("a.npy", allow_pickle=False)
