#!/usr/bin/env bash
# benchmarks/state-run.sh SYMBOLS RATE PORT: ./pipeline local over SYMBOLS simulated symbols at RATE trades/s with a
# 10 s checkpoint interval and the dashboard on PORT; at about 150 s prints the latest checkpoint's state by task
# with the checkpoint durations so far,
# and the launcher JVM's heap after a full GC.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
N=$1; R=$2; P=$3
cd "$HERE/.."
mkdir -p .local/logs
S=$(for i in $(seq 1 "$N"); do printf 'S%04dUSDT,' "$i"; done)
timeout -k 30 420 ./pipeline local --duration 180 --rate "$R" --symbols "${S%,}" --ui-port "$P" --checkpoint-interval 10 \
  > ".local/logs/state-$N.log" 2>&1 &
for _ in $(seq 1 100); do
  sleep 5
  grep -q '^\[ 1[56][0-9]s\]' ".local/logs/state-$N.log" && break
done
echo "# $N symbols at $R trades/s: $(grep '^\[' ".local/logs/state-$N.log" | tail -1 | cut -c1-160)"
"$HERE/checkpoint-sizes.sh" "$P"
L=$(pgrep -f "launcher.Main local" | head -1)
jcmd "$L" GC.run > /dev/null; sleep 2; jcmd "$L" GC.heap_info | grep -E "garbage-first heap" | head -1
wait
