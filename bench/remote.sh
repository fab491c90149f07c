#!/usr/bin/env bash
# Remote stores side by side with the local graph (BENCHMARKS.md, "Remote
# stores"): push each scaled corpus to an Oxigraph server and a Virtuoso,
# check that `analyze centrality` gives the local output through both, then
# time the analyses and three canned queries locally and through each store.
#
#   bench/remote.sh BINARY OXIGRAPH_BASE VIRTUOSO_BASE DATA_DIR...
#   bench/remote.sh target/release/plangraph http://127.0.0.1:7878 \
#       http://127.0.0.1:8890 /tmp/benchdata/x10 /tmp/benchdata/x100
#
# The stores must be running and writable (see README, "From one laptop to a
# shared server"); Virtuoso with ResultSetMaxRows raised above the largest
# answer, or the analyses are timed asking in parts. Needs hyperfine.
set -euo pipefail
B=$1 OX=$2 VI=$3
shift 3
queries=$(cd "$(dirname "$0")/../queries" && pwd)
strip_timing() { sed -E 's/ — [0-9.]+ (ms|s)$//'; }
for data in "$@"; do
  echo "=== $data ($(date -u +%H:%M), load $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/time -f "push to Oxigraph: wall %e s, peak %M KB" \
    "$B" --data "$data" push "$OX/store" --replace
  /usr/bin/time -f "push to Virtuoso: wall %e s, peak %M KB" \
    "$B" --data "$data" push "$VI/sparql-graph-crud" --graph-name urn:plangraph:bench --replace
  local_out=$("$B" --data "$data" analyze centrality --format csv 2>&1 | strip_timing)
  for endpoint in "$OX/query" "$VI/sparql"; do
    remote_out=$("$B" --endpoint "$endpoint" analyze centrality --format csv 2>&1 | strip_timing)
    if [ "$local_out" = "$remote_out" ]; then echo "same output: $endpoint"; else
      echo "DIFFERENT output: $endpoint" >&2; exit 1; fi
  done
  for command in "analyze centrality --format csv" "analyze co-lead --year 2023 --format csv" \
    "query -f $queries/units-by-led-tasks.rq --format csv" \
    "query -f $queries/co-lead-pairs.rq --format csv" \
    "query -f $queries/tasks-per-group-and-year.rq --format csv"; do
    hyperfine -N -r 3 -w 1 "$B --data $data $command" \
      "$B --endpoint $OX/query $command" "$B --endpoint $VI/sparql $command"
  done
done
