import os
from transformers import AutoModel, AutoTokenizer
from datasets import load_dataset

REV = "0123456789abcdef0123456789abcdef01234567"
m = AutoModel.from_pretrained("org/model", revision=REV)
t = AutoTokenizer.from_pretrained("./local-checkpoint")
u = AutoModel.from_pretrained("/models/bert")
v = AutoModel.from_pretrained(os.path.join(root, "ckpt"))
w = AutoModel.from_pretrained("org/model", revision=REV, trust_remote_code=False)
ds = load_dataset("json", data_files="train.jsonl")
