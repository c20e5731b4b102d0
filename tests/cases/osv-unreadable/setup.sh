# a database with one record cut short: the scan must stop (exit 2), not
# report "no vulnerabilities"
mkdir ../baddb
cp "$(dirname "$0")/../../osv/db/GHSA-53q9-r3pm-6pq6.json" ../baddb/
head -c 120 "$(dirname "$0")/../../osv/db/WLTEST-2026-0001.json" > ../baddb/WLTEST-2026-0001.json
