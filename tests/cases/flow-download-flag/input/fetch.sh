#!/bin/bash
set -e
wget -O weights/model.pt https://example.com/model.pt
gsutil cp gs://bucket/ckpt.safetensors ckpt.safetensors
aws s3 cp s3://bucket/clf.joblib clf.joblib
python serve.py --weights weights/model.pt
torchrun train.py --resume=ckpt.safetensors
python predict.py clf.joblib
