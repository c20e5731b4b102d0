# a repository whose index decides what is scanned; fixed identities and
# dates make the commit id (and so the SARIF provenance) reproducible
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_AUTHOR_DATE='2026-01-01T00:00:00Z'
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
git init -q -b main .
git remote add origin https://user:s3cret@example.com/org/repo.git
ln -s /etc/passwd passwd-link
ln -s requirements.txt inside-link
git add requirements.txt model.bin passwd-link inside-link
# a submodule entry in the index
git update-index --add --cacheinfo 160000,1111111111111111111111111111111111111111,vendor/sub
git commit -q -m init
# tracked, then deleted from the work tree
