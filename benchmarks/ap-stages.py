#!/usr/bin/env python3
"""Where a replay's CPU went, from async-profiler's collapsed stacks (every thread, the JIT compiler and GC
included): each sample goes to the first stage found walking its stack from the leaf, then the hottest leaves.

Usage: benchmarks/ap-stages.py collapsed.txt
"""
import collections
import sys

# (stage, substrings of a frame); the first stage that matches a frame nearest the leaf wins
STAGES = [
    ("JIT compiler", ["CompileBroker", "C2Compiler", "Compile::", "C1_", "Compilation::", "Phase", "Matcher",
                      "PhaseChaitin", "ciEnv", "ciMethod", "CodeCache", "nmethod"]),
    ("GC", ["G1", "GCTask", "WorkerThread::run", "ConcurrentGCThread"]),
    ("Parquet writing", ["org/apache/parquet", "libsnappyjava", "sinks/lake/"]),
    ("reading the capture", ["ByteLines", "CaptureFormat", "connector/file/src"]),
    ("decoding and routing", ["FrameDecoder", "BinanceJson", "TradeLayout", "CaptureLine", "DecodedEventRouter",
                              "RawFrame", "SymbolCache", "Decimals"]),
    ("serialization", ["RoutedTradeSerializer", "SpanningRecordDeserializer", "SerializationDelegate",
                       "NonSpanningWrapper", "DataOutputSerializer", "DataInputDeserializer", "typeutils"]),
    ("network buffers", ["RecordWriter", "LocalInputChannel", "PipelinedSubpartition", "BufferBuilder",
                         "SingleInputGate", "LocalBufferPool", "NetworkBuffer", "ChannelSelector"]),
    ("dedupe", ["DedupeFunction", "IdDeduper", "HeapMapState", "HeapValueState"]),
    ("bars (windows)", ["WindowOperator", "BarAggregate", "HeapAggregatingState", "BarWindowFunction",
                        "TumblingEventTimeWindows"]),
    ("timers", ["InternalTimerServiceImpl", "HeapPriorityQueue", "TimerHeapInternalTimer"]),
    ("keyed state", ["CopyOnWriteStateMap", "StateTable", "setCurrentKey", "KeyGroupRangeAssignment"]),
    ("file sink", ["FileWriter", "EventDateBucketAssigner", "LakeCommitLatency", "sink/filesystem"]),
    ("watermarks", ["Watermark", "extractTimestamp"]),
    ("interpreter and class loading", ["Interpreter", "ClassLoader", "SystemDictionary", "LinkResolver",
                                       "ClassFileParser", "SymbolTable", "Verifier", "ZipFile", "inflate",
                                       "libz", "Rewriter", "ConstantPool"]),
    ("Flink task glue (mailbox, chaining)", ["ChainingOutput", "StreamTask", "MailboxProcessor",
                                             "StreamOneInputProcessor", "StreamTaskNetworkInput",
                                             "TimestampedCollector", "CountingOutput"]),
]


def main(path):
    stages, leaves, total = collections.Counter(), collections.Counter(), 0
    for line in open(path):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        frames = stack.split(";")
        leaves[frames[-1]] += n
        stage = "other"
        for frame in reversed(frames):
            hit = next((name for name, keys in STAGES if any(k in frame for k in keys)), None)
            if hit:
                stage = hit
                break
        stages[stage] += n
    print(f"{total} samples")
    for name, n in stages.most_common():
        print(f"{100 * n / total:5.1f} %  {name}")
    print("hottest leaves:")
    for name, n in leaves.most_common(15):
        print(f"{100 * n / total:5.1f} %  {name[:110]}")


if __name__ == "__main__":
    main(sys.argv[1])
