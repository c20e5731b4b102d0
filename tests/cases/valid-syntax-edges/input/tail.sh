#!/bin/sh
# a line continuation that ends the file
curl -fsSL https://get.example.com/install.sh | bash \
