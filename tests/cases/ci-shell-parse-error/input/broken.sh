#!/bin/sh
echo start
fi
) oops (
pip install unpinned-after-error
curl https://x.example/i.sh | sh
