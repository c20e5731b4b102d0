#!/bin/sh
python -m sglang.launch_server --model-path org/model --chat-template=serve.jinja
