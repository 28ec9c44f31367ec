#!/bin/bash
# Creates RecordFlow's topics on the compose cluster (run by the one-shot kafka-init service).
# Idempotent: --if-not-exists leaves existing topics untouched.
set -euo pipefail

topics=/opt/kafka/bin/kafka-topics.sh
bootstrap="${BOOTSTRAP_SERVERS:?BOOTSTRAP_SERVERS is not set}"
rf="${REPLICATION_FACTOR:-3}"
min_isr="${MIN_INSYNC_REPLICAS:-2}"
partitions="${PARTITIONS:-6}"

create() {
  local name="$1"; shift
  "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" \
    --partitions "$partitions" --replication-factor "$rf" --config "min.insync.replicas=$min_isr" "$@"
  echo "kafka-init: topic $name ready"
}

# Pipeline topics (io.recordflow.topics.Topics), keyed by recordId. The ingested topic keeps its
# whole history (replay re-enriches from it); the enriched and review topics keep the latest
# enrichment of each record (compacted), as their consumers upsert by recordId.
create records.ingested.v1 --config retention.ms=-1
create records.enriched.v1 --config cleanup.policy=compact
create records.review.v1   --config cleanup.policy=compact
create records.dlq.v1      --config retention.ms=-1
create records.audit.v1    --config retention.ms=-1

# Analysis cache shared by every enrich application and replay (io.recordflow.topics.Topics.ANALYSIS_CACHE),
# keyed by a hash of content, provider, model digest, prompt and taxonomy; compacted, kept until overwritten
# (enrich.cache.retention.ms / enrich.cache.retention.bytes give the same configs when enrich creates it).
create records.analysis-cache.v1 --config cleanup.policy=compact

# Dead-letter topics of the sink connectors (raw records with error context headers).
create records.sink-dlq.jdbc.v1    --config retention.ms=2592000000
create records.sink-dlq.archive.v1 --config retention.ms=2592000000
