#!/usr/bin/env bash
# Runs ReplayBench for several commits interleaved, ROUNDS rounds, each commit built once in a
# worktree of its own under .local/bench-worktrees/: what a change costs, measured as pairs (or
# triples) back to back on the same machine, which is shared and noisy.
#   benchmarks/compare-commits.sh ROUNDS "REPLAYBENCH ARGS" COMMIT...
#   e.g. benchmarks/compare-commits.sh 3 "5000000 50 3 none" 7ee8190 HEAD
# Prints one line per run: the commit, then ReplayBench's line.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 3 ] || { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
rounds="$1" args="$2"; shift 2
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "compare-commits: ROUNDS must be a whole number above 0" >&2; exit 2; }
mkdir -p "$ROOT/.local/bench-worktrees" "$ROOT/.local/logs"
dirs=()
for c in "$@"; do
  sha=$(git -C "$ROOT" rev-parse --short=9 "$c")
  dir="$ROOT/.local/bench-worktrees/$sha"
  if [ ! -d "$dir" ]; then
    git -C "$ROOT" worktree add -f --detach "$dir" "$sha" >/dev/null
  fi
  if [ ! -f "$dir/benchmarks/target/classes/io/marketpipe/bench/ReplayBench.class" ]; then
    echo "compare-commits: building $sha" >&2
    (cd "$dir" && mvn -B -q package -DskipTests -pl benchmarks,launcher -am) >&2
  fi
  dirs+=("$sha:$dir")
done
for _ in $(seq 1 "$rounds"); do
  for entry in "${dirs[@]}"; do
    sha="${entry%%:*}" dir="${entry#*:}"
    opts=$(cat "$dir/launcher/target/jvm-options.txt")
    # shellcheck disable=SC2086
    line=$(cd "$dir" && java -Xmx3g $opts -Dmarketpipe.home="$ROOT" -Dlog4j2.configurationFile=log4j2-bench.xml \
      -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.marketpipe.bench.ReplayBench $args \
      2>>"$ROOT/.local/logs/bench.log")
    echo "$sha $line"
  done
done
