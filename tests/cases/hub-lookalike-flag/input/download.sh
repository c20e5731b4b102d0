#!/bin/sh
set -e
huggingface-cli download "unsIoth/Llama-3.2-1B" --revision 0123456789abcdef0123456789abcdef01234567
hf download --repo-type dataset --local-dir data tiiuae/falcon-refinedweb
huggingface-cli download --local-dir ./m bigsclence/bloom-560m config.json
