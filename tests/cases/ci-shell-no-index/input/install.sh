#!/bin/sh
# --no-index: the find-links location is the only source, not a second index
pip install --pre -U --no-index -f https://wheels.example.com/nightly mlc-ai-nightly-cpu==0.1
# without it, -f adds a second source next to PyPI (dependency confusion)
pip install -f https://wheels.example.com/nightly other-pkg==1.0
