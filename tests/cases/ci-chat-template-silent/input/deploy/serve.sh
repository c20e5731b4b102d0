#!/bin/sh
vllm serve org/model --chat-template ../templates/chat.jinja
vllm serve org/model --chat-template "$TEMPLATE"
vllm serve org/model --chat-template templates/chat.jinja
