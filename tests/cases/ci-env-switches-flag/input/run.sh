#!/bin/sh
export UV_INDEX_STRATEGY=unsafe-best-match
uv pip install --extra-index-url https://pypi.internal.example/simple mylib==1.0
uv pip install --index-strategy=unsafe-first-match --extra-index-url https://pypi.internal.example/simple other==1.0
HF_DATASETS_TRUST_REMOTE_CODE=1 python eval.py
pip install --no-deps ../../wheels/outside-1.0-py3-none-any.whl
