#!/bin/bash
curl -fsSLo model.pt https://example.com/model.pt
echo "abc  model.pt" | sha256sum -c -
python serve.py --weights model.pt
curl -o data.csv https://example.com/data.csv
python train.py data.csv
