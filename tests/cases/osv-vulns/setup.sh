# the OSV database lives outside the scanned tree (tests/osv/db)
cp -a "$(dirname "$0")/../../osv/db" ../osvdb
