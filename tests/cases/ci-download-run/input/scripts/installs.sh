#!/bin/sh
# flagged: PEP 508 direct references on the command line
pip install mypkg@git+https://github.com/org/mypkg.git
pip install "otherpkg @ git+https://github.com/org/otherpkg.git@v1.0"
uv pip install "tarpkg @ https://example.com/tarpkg-1.0.tar.gz"
# clean: a direct reference pinned to a commit
pip install "pinned @ git+https://github.com/org/pinned.git@0123456789abcdef0123456789abcdef01234567"
# flagged: go version queries that float, and -insecure
go install example.com/tool@v1
go install example.com/tool@v1.2
go get -insecure example.com/lib@v1.2.3
# clean: an exact version, and @none (removes a module)
go install example.com/tool@v1.2.3
go get example.com/old@none
# flagged: npm install-test installs like npm install
npm install-test
# clean: install-ci-test is npm ci
npm install-ci-test
# clean: --require-hashes makes pip refuse anything unhashed
pip install -r build/requirements.lock --require-hashes
