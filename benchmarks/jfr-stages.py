#!/usr/bin/env python3
"""Where a replay's CPU went: JFR execution samples attributed to the first pipeline stage found walking
each stack from its top, then the hottest leaf methods.

Usage: jfr print --events jdk.ExecutionSample --stack-depth 64 REC.jfr > samples.txt
       benchmarks/jfr-stages.py samples.txt
"""
import collections
import re
import sys

STAGES = [
    ("Parquet writing", r"org\.apache\.parquet|io\.marketpipe\.job\.sinks\.lake|org\.apache\.avro"),
    ("JSON decoding", r"io\.marketpipe\.job\.decode\.(BinanceJson|TradeLayout|SymbolCache|TradeRules)"
                      r"|com\.fasterxml\.jackson|model\.Decimals"),
    ("other decoding and routing", r"io\.marketpipe\.job\.decode|io\.marketpipe\.job\.source"),
    ("reading the capture", r"BufferedReader|TextLineInputFormat|StreamDecoder|InputStreamReader"
                            r"|connector\.file\.src|CaptureLine"),
    ("Flink serialization", r"typeutils|PojoSerializer|TypeSerializer|DataOutputSerializer"
                            r"|DataInputDeserializer|SpanningWrapper|Kryo"),
    ("keyed state and timers", r"runtime\.state\.|InternalTimer|TimerHeap"),
    ("dedupe, late filter, bars", r"io\.marketpipe\.job\.(dedupe|bars)"),
    ("network buffers, record writer", r"runtime\.io\.network|RecordWriter|ChannelSelector"
                                       r"|StreamTaskNetworkInput|RecordDeserializer"),
]


def main(path):
    samples = open(path).read().split("jdk.ExecutionSample")[1:]
    stages, leaves, total = collections.Counter(), collections.Counter(), 0
    for sample in samples:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", sample, re.M)
        if not frames:
            continue
        total += 1
        leaves[frames[0]] += 1
        stage = "other (JIT-compiled glue, chaining, GC helpers)"
        for frame in frames:
            hit = next((name for name, pattern in STAGES if re.search(pattern, frame)), None)
            if hit:
                stage = hit
                break
        stages[stage] += 1
    print(f"{total} execution samples")
    for name, n in stages.most_common():
        print(f"{100 * n / total:5.1f} %  {name}")
    print("hottest leaf methods:")
    for name, n in leaves.most_common(12):
        print(f"{100 * n / total:5.1f} %  {name}")


if __name__ == "__main__":
    main(sys.argv[1])
