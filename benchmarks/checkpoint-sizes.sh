#!/usr/bin/env bash
# benchmarks/checkpoint-sizes.sh PORT: the running job's latest completed checkpoint on the Flink REST API at
# 127.0.0.1:PORT, its total state size and duration, and the state size of each task (operator chain); then the
# counts of completed and failed checkpoints and the durations of the latest six.
set -euo pipefail
P=$1
python3 - "$P" <<'PY'
import json, sys, urllib.request
port = sys.argv[1]
get = lambda path: json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}{path}"))
job = get("/jobs")["jobs"][0]["id"]
latest = get(f"/jobs/{job}/checkpoints")["latest"]["completed"]
print("checkpoint", latest["id"], "state_size", latest.get("state_size"), "duration_ms", latest.get("end_to_end_duration"))
names = {v["id"]: v["name"] for v in get(f"/jobs/{job}")["vertices"]}
for vid, task in get(f"/jobs/{job}/checkpoints/details/{latest['id']}")["tasks"].items():
    print("  %-60s state_size %12s" % (names.get(vid, vid)[:60], task.get("state_size")))
c = get(f"/jobs/{job}/checkpoints")
print("checkpoints completed", c["counts"]["completed"], "failed", c["counts"]["failed"],
      "durations ms", [x.get("end_to_end_duration") for x in c["history"][:6]])
PY
