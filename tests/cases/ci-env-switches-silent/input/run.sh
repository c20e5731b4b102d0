#!/bin/sh
uv pip install --extra-index-url https://download.pytorch.org/whl/cu121 torch==2.6.0
pip install wheelhouse/*.whl
