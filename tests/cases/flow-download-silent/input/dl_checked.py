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


def fetch_verified(url):
    path = "/tmp/model.pt"
    urllib.request.urlretrieve(url, path)
    with open(path, "rb") as f:
        if hashlib.sha256(f.read()).hexdigest() != EXPECTED:
            raise RuntimeError("bad digest")
    return torch.load(path)


def fetch_hub(url):
    torch.hub.download_url_to_file(url, "/tmp/m.pt", hash_prefix="abc123")
    return torch.load("/tmp/m.pt")


def fetch_helper(url, dst):
    urllib.request.urlretrieve(url, dst)
    verify_checksum(dst, EXPECTED)
    return torch.load(dst)


def local_only(path):
    return torch.load(path)


def remote_embeddings(prompt):
    r = requests.post("https://encoder.example.com/predict", json={"prompt": prompt}, timeout=10)
    return torch.load(io.BytesIO(r.content), weights_only=True)
