#!/bin/sh
# a committed wheel, named from this folder
pip install --no-deps ../vendor/wheels/mylib-1.0-py3-none-any.whl
