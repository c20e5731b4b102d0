# a repository whose index libgit2 cannot read: the scan stops (exit 2)
# instead of reporting "0 files scanned" as a clean result
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git init -q -b main .
git add requirements.txt
git commit -q -m init
printf 'DIRC garbage, not an index\n' > .git/index
