# a file that git ignores, named on the command line: it is scanned
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git init -q -b main .
# written here, not kept in input/: it would ignore cache.pkl in weaklink's own repository
printf '*.pkl\n' > .gitignore
git add requirements.txt .gitignore
git commit -q -m init
