#!/usr/bin/env bash
# benchmarks/kpu-run.sh SYMBOLS RATE PORT: the job as one Managed Flink KPU runs it (parallelism 1, one TaskManager
# with one slot and 4 GiB, `./pipeline cluster --kpu`) on CPU 1 alone, with everything else (simulator, forwarder,
# emulators, JobManager, launcher) pinned to CPU 0; SYMBOLS simulated symbols at RATE trades/s, the three default
# strategies on 5 s bars, 10 s checkpoints, the dashboard on PORT. Between the progress lines at about 60 s and
# 150 s it measures the TaskManager's CPU time (so its share of its one core) and the trades the job processed
# against those forwarded, and each task's busy, backpressured and idle time; then the latest checkpoint by task
# with the latest checkpoints' durations, and the TaskManager's heap after a full GC.
# Needs 2 CPUs and taskset. REST_CPUS=0-1 lets everything else use both CPUs (the TaskManager
# then shares CPU 1 with it, so has less than one core).
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
N=$1; R=$2; P=$3
cd "$HERE/.."
mkdir -p .local/logs
LOG=".local/logs/kpu-$N.log"
S=$(for i in $(seq 1 "$N"); do printf 'S%04dUSDT,' "$i"; done)
timeout -k 30 480 taskset -c "${REST_CPUS:-0}" ./pipeline cluster --kpu --taskmanager-cpus 1 --duration 190 --rate "$R" \
  --symbols "${S%,}" --ui-port "$P" --checkpoint-interval 10 > "$LOG" 2>&1 &
RUN=$!
TICK=$(getconf CLK_TCK)

# "[  62s] forwarded 18,000 frames ... | job: 17,500 trades, ..." -> seconds forwarded processed late
line_at() {
  local from=$1 to=$2
  for _ in $(seq 1 150); do
    kill -0 "$RUN" 2> /dev/null || { echo "the run ended early: see $LOG" >&2; exit 1; }
    L=$(grep -E '^\[ *[0-9]+s\]' "$LOG" | awk -v a="$from" -v b="$to" '{ s = $2; gsub(/[^0-9]/, "", s); if (s + 0 >= a && s + 0 <= b) print }' | tail -1)
    [ -n "$L" ] && { echo "$L"; return; }
    sleep 2
  done
  echo "no progress line between ${from}s and ${to}s: see $LOG" >&2; exit 1
}
fields() { # a progress line -> "seconds forwarded processed late"
  echo "$1" | sed -E 's/^\[ *([0-9]+)s\] forwarded ([0-9,]+) frames.*job: ([0-9,]+) trades, [0-9,]+ quarantined, ([0-9,]+) late.*/\1 \2 \3 \4/' | tr -d ,
}
tm_ticks() { # utime + stime of the TaskManager JVM
  awk '{ print $14 + $15 }' "/proc/$TM/stat"
}

A=$(line_at 58 75) || exit 1
TM=$(pgrep -f "TaskManagerRunner" | head -1)
[ -n "$TM" ] || { echo "no TaskManager process" >&2; exit 1; }
T0=$(tm_ticks); read -r S0 F0 J0 _ <<< "$(fields "$A")"
B=$(line_at 148 165) || exit 1
T1=$(tm_ticks); read -r S1 F1 J1 L1 <<< "$(fields "$B")"

echo "# $N symbols at $R trades/s, TaskManager pid $TM on CPUs $(taskset -pc "$TM" | awk -F': ' '{ print $2 }')"
echo "$B" | cut -c1-170
awk -v t0="$T0" -v t1="$T1" -v hz="$TICK" -v s0="$S0" -v s1="$S1" -v f0="$F0" -v f1="$F1" -v j0="$J0" -v j1="$J1" -v l1="$L1" 'BEGIN {
  cpu = (t1 - t0) / hz; wall = s1 - s0
  printf "from %ds to %ds: TaskManager CPU %.1f s in %d s = %.0f %% of its core; forwarded %d, processed %d trades (%.0f/s), %.0f %% of forwarded at %ds, %d late\n",
    s0, s1, cpu, wall, 100 * cpu / wall, f1 - f0, j1 - j0, (j1 - j0) / wall, 100 * j1 / f1, s1, l1
  if (j1 > j0) printf "TaskManager CPU per processed trade: %.0f us\n", 1e6 * cpu / (j1 - j0)
}'
python3 - "$P" <<'PY'
import json, sys, urllib.request
port = sys.argv[1]
get = lambda path: json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}"))
job = get("/jobs")["jobs"][0]["id"]
names = ["busyTimeMsPerSecond", "backPressuredTimeMsPerSecond", "idleTimeMsPerSecond"]
print("task (operator chain)                                         busy  backpressured  idle  (ms/s)")
for v in get(f"/jobs/{job}")["vertices"]:
    # the vertex endpoint has every subtask's metrics as SUBTASK.NAME (the per-subtask endpoints can answer
    # nothing for a vertex, see LatencyReport); the highest subtask's value
    ids = [f"{i}.{n}" for i in range(v["parallelism"]) for n in names]
    m = {}
    for x in get(f"/jobs/{job}/vertices/{v['id']}/metrics?get=" + ",".join(ids)):
        name, value = x["id"].split(".", 1)[1], float(x["value"])
        if value == value:  # not NaN
            m[name] = max(m.get(name, 0.0), value)
    print("  %-60s %5s %8s %9s" % (v["name"][:60], *(round(m[n]) if m.get(n) is not None else "-" for n in names)))
PY
"$HERE/checkpoint-sizes.sh" "$P"
jcmd "$TM" GC.run > /dev/null; sleep 2
jcmd "$TM" GC.heap_info | grep -iE "total|heap" | head -2 | sed 's/^ */TaskManager heap after GC: /'
wait "$RUN"
