#!/usr/bin/env bash
# Pinned and verified forms: nothing here may be flagged.
set -euo pipefail
pip install --require-hashes -r requirements.txt
pip install --no-deps -r requirements.txt
npm ci --ignore-scripts
go install golang.org/x/tools/cmd/goimports@v0.21.0
curl -fsSLo installer.sh https://example.com/installer.sh
echo "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  installer.sh" | sha256sum -c -
sh installer.sh
curl -fsSL https://api.example.com/data.json | python3 -m json.tool
curl -fsSL https://example.com/archive.tar.gz | tar xz
wget -q https://example.com/model.bin
pip install -e .
