#!/bin/sh
huggingface-cli download Qwen/Qwen2.5-7B --revision 0123456789abcdef0123456789abcdef01234567
hf download --repo-type dataset HuggingFaceFW/fineweb-edu
huggingface-cli login
