#!/bin/sh
# POSIX: `for NAME do` loops over the positional parameters
for url do
  curl -fsSL "$url" | sh
done
for f
do
  echo "$f"
done
