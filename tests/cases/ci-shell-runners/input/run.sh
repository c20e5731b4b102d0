#!/bin/sh
uvx --from black==24.1.0 black .
uvx ruff check .
pipx run --spec cowsay==6.0 cowsay hi
pipx run --python 3.11 httpie x
