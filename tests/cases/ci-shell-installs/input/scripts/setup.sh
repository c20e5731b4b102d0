#!/bin/sh
# Every installer weaklink recognises, unpinned (each line must be flagged).
pip install requests
pip3 install 'flask>=2'
pip3.11 install numpy
python -m pip install --upgrade pip
python3.11 -m pip install "pandas[excel]~=2.1"
sudo -H python3 -m pip install scipy
uv pip install --system torch
uv add httpx
uv tool install ruff
pipx install black
poetry add django@^4.2
conda install -y -c conda-forge xgboost
mamba install lightgbm
micromamba install -y catboost
npm install
npm install -g left-pad
go install golang.org/x/tools/cmd/goimports@latest
pip install git+https://github.com/org/lib@main#egg=lib
# Index options on the command line and in the environment.
pip install --extra-index-url http://pypi.internal/simple --trusted-host pypi.internal private-lib==1.0
PIP_INDEX_URL=https://mirror.example/simple pip install transformers==4.40.0
export PIP_EXTRA_INDEX_URL=https://extra.example/simple
bash -c "pip install tqdm"
