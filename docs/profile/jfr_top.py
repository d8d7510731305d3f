#!/usr/bin/env python3
"""Aggregates `jfr print --events jdk.ExecutionSample --stack-depth 64` output: the top frames
(self time) and categories of the samples of the threads whose name starts with a prefix.
Usage: jfr_top.py SAMPLES.txt THREAD_PREFIX [TOP]"""
import re
import sys
from collections import Counter

# First match wins, tried on the top frame (where the CPU was), as "package or class prefix".
CATEGORIES = [
    ("strategy (pekkolb.routing)", ("pekkolb.routing.",)),
    ("metrics (pekkolb.metrics, HdrHistogram, LongAdder)", ("pekkolb.metrics.", "org.HdrHistogram.", "java.util.concurrent.atomic.")),
    ("logging (slf4j, logback, pekko.event)", ("org.slf4j.", "ch.qos.logback.", "org.apache.pekko.event.")),
    ("broker code (pekkolb.broker)", ("pekkolb.broker.",)),
    ("worker code (pekkolb.worker)", ("pekkolb.worker.",)),
    ("bench driver (pekkolb.bench)", ("pekkolb.bench.",)),
    ("protocol records (pekkolb.protocol)", ("pekkolb.protocol.",)),
    ("mailbox and dispatch (pekko.dispatch, ForkJoinPool)", ("org.apache.pekko.dispatch.", "java.util.concurrent.ForkJoin")),
    ("actor cell and typed behaviours (pekko.actor)", ("org.apache.pekko.actor.", "org.apache.pekko.japi.")),
    ("Pekko Streams (materializer, graph interpreter)", ("org.apache.pekko.stream.",)),
    ("Pekko IO (TCP listener and connections)", ("org.apache.pekko.io.",)),
    ("other Pekko (scheduler, util)", ("org.apache.pekko.",)),
    ("maps and collections (java.util)", ("java.util.",)),
    ("scala runtime", ("scala.",)),
    ("other JDK (java.*, jdk.*, sun.*)", ("java.", "jdk.", "sun.")),
]


def samples(path, prefix):
    frames, thread, inside = [], None, False
    for line in open(path, encoding="utf-8"):
        s = line.strip()
        if s.startswith("jdk.ExecutionSample"):
            frames, thread, inside = [], None, False
        elif s.startswith("sampledThread"):
            thread = s.split('"')[1]
        elif s.startswith("stackTrace = ["):
            inside = True
        elif inside and s == "]":
            inside = False
            if thread and thread.startswith(prefix):
                yield frames
        elif inside and s and s != "...":
            frames.append(re.sub(r"\(.*", "", s))


def category(frame):
    for name, prefixes in CATEGORIES:
        if frame.startswith(prefixes):
            return name
    return "other"


def main():
    path, prefix = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 25
    selfs, cats, inclusive, total = Counter(), Counter(), Counter(), 0
    for frames in samples(path, prefix):
        if not frames:
            continue
        total += 1
        selfs[frames[0]] += 1
        cats[category(frames[0])] += 1
        seen = set()
        for f in frames:
            for label, needle in (("Broker actor (pekkolb.broker.Broker on the stack)", "pekkolb.broker.Broker."),
                                  ("Worker actor", "pekkolb.worker."), ("bench driver", "pekkolb.bench.Driver"),
                                  ("metrics recording", "pekkolb.metrics."), ("logging", "org.slf4j."),
                                  ("strategy select", "pekkolb.routing."),
                                  ("stream materialization", "PhasedFusingActorMaterializer"),
                                  ("stream graph interpreter", "fusing.GraphInterpreter"),
                                  ("Pekko IO", "org.apache.pekko.io."), ("ask pattern", "AskPattern"),
                                  ("gateway code (pekkolb.gateway)", "pekkolb.gateway.")):
                if needle in f and label not in seen:
                    seen.add(label)
                    inclusive[label] += 1
    print(f"{total} samples of threads '{prefix}*'")
    print("\nself time by category (top frame):")
    for name, n in cats.most_common():
        print(f"  {100 * n / total:5.1f}%  {name}")
    print("\ninclusive (frame anywhere on the stack):")
    for name, n in inclusive.most_common():
        print(f"  {100 * n / total:5.1f}%  {name}")
    print(f"\ntop {top} methods by self time:")
    for name, n in selfs.most_common(top):
        print(f"  {100 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
