# .git/index deleted: libgit2 reads an empty index, but HEAD has files, so
# an empty scan would be a silent clean; the scan stops (exit 2)
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git init -q -b main .
git add requirements.txt
git commit -q -m init
rm .git/index
