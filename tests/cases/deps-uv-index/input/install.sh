#!/bin/sh
# first-index strategy: a note
uv pip install --extra-index-url https://download.pytorch.org/whl/cu121 torch==2.6.0
# relaxed strategy: dependency confusion is back
uv pip install --index-strategy unsafe-best-match --extra-index-url https://pypi.example.com/simple mylib==1.0
# pip merges every index: a warning
pip install --extra-index-url https://pypi.example.com/simple mylib==1.0
