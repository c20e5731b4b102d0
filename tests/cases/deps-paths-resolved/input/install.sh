#!/bin/sh
# a local checkout named like a popular package: pip -e only edits local folders
pip install -e transfomers
# a bare name is an index package for pip, whatever folders exist
pip install transfomers
