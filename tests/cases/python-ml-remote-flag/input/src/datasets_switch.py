import os

import datasets
from datasets import load_dataset

os.environ["HF_DATASETS_TRUST_REMOTE_CODE"] = "1"
os.environ.setdefault("HF_DATASETS_TRUST_REMOTE_CODE", "true")
datasets.config.HF_DATASETS_TRUST_REMOTE_CODE = True
os.environ["HF_DATASETS_TRUST_REMOTE_CODE"] = flag

ds = load_dataset("someone/scripted_dataset", revision="0123456789abcdef0123456789abcdef01234567", trust_remote_code=True)
scripted = load_dataset("someone/scripted_dataset", trust_remote_code=True)
