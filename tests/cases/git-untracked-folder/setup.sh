# a folder of freshly downloaded, untracked files named on the command line:
# the files under it that git does not ignore are scanned, tracked or not;
# the ignored one (cache.pkl) is counted as skipped, with a note
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git init -q -b main .
# written here, not kept in input/: it would ignore cache.pkl in weaklink's own repository
printf '*.pkl\n' > .gitignore
git add requirements.txt .gitignore
git commit -q -m init
