import hashlib
import io
import os
import urllib.request

import boto3
import joblib
import requests
import torch
from safetensors.torch import load_file
from transformers import AutoModel

EXPECTED = "abc"


def fetch_torch(url):
    path = "/tmp/model.pt"
    urllib.request.urlretrieve(url, path)
    return torch.load(path)


def fetch_s3(bucket):
    s3 = boto3.client("s3")
    local_dir = "/tmp/model"
    s3.download_file(bucket, "model/model.safetensors", os.path.join(local_dir, "model.safetensors"))
    return AutoModel.from_pretrained(local_dir)


def fetch_requests(url, dst):
    r = requests.get(url, timeout=10)
    with open(dst, "wb") as f:
        f.write(r.content)
    return load_file(dst)


def fetch_direct(url):
    r = requests.get(url, timeout=10)
    return torch.load(io.BytesIO(r.content))


def fetch_joblib(url):
    path, _ = urllib.request.urlretrieve(url)
    return joblib.load(path)
