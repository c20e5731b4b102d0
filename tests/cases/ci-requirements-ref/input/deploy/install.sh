#!/bin/sh
# -r FILE is opened: judged by whether that file really is hashed.
pip install -r requirements.txt
pip install --require-hashes -r requirements-lock.txt
pip install -r requirements-missing.txt
uv pip sync requirements.txt
