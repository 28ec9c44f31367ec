#!/usr/bin/env bash
# The distributed soak (issue 16): RecordFlow's deployment as separate processes on this machine, fed while processes
# are killed and the model server fails; writes bench/results/soak-<date>-<records>.md and exits non-zero unless the
# books balance (lost 0, duplicated 0).
#
#   bench/soak.sh ci     2,000 records, 2 enrich kills, 1 Connect kill, 1 broker kill, 1 registry kill, 30 s model outage
#                        (the variant DistributedSoakIT runs in every 'mvn verify', report under app/target)
#   bench/soak.sh full   20,000 records, 5 enrich kills, 2 Connect kills, 1 broker kill, 1 registry kill, 120 s model outage
#   bench/soak.sh clean  300 records, no faults (checks the harness itself)
# The variants' plans are in io.recordflow.app.soak.SoakSettings; further -Dsoak.<setting>=<value> arguments override them.
# SOAK_SKIP_BUILD=1 reuses app/target/recordflow.jar and the sink's plugin zip from an earlier 'mvn package'.
# Needs PostgreSQL on 127.0.0.1:5432 with trust auth (each soak creates a database recordflow_soak_<hex>).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
variant="${1:-ci}"
shift || true
case "$variant" in
  ci|full|clean) ;;
  *) echo "usage: bench/soak.sh ci|full|clean [-Dsoak.setting=value ...]" >&2; exit 2 ;;
esac
if [ -z "${SOAK_SKIP_BUILD:-}" ]; then
  mvn -B -o -q -DskipTests package
fi
mvn -B -o -q -pl app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/soak-classpath.txt -Dmdep.includeScope=test
classpath="$root/app/target/test-classes:$root/app/target/classes:$(cat app/target/soak-classpath.txt)"
mkdir -p app/target/tmp
exec java -Xmx1g -Dsun.net.httpserver.nodelay=true -Djava.io.tmpdir="$root/app/target/tmp" -Dlog4j2.configurationFile=log4j2-test.properties \
  -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.recordflow.records,java.lang,java.util,java.math \
  -Dsoak.work="$root/app/target" -Dsoak.results="$root/bench/results" -Dsoak.variant="$variant" "$@" \
  -cp "$classpath" io.recordflow.app.soak.DistributedSoak
