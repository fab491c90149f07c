#!/usr/bin/env python3
"""Load benchmark of `plangraph serve` beside the Oxigraph server, in one run.

Both serve the same graph (the embedded corpus saved with `plangraph build
-o`, loaded into Oxigraph's RocksDB store with `oxigraph load`, served with
`oxigraph serve-read-only`). For three canned queries (the project's
prefixes written out, so that both servers read the same text), wrk runs
GET /sparql?query=… at 1, 16 and 64 connections for a fixed time and
reports requests per second, p50 and p99 latency and non-2xx answers; the
peak resident memory of each server (VmHWM) is read at the end.

    pip install oxigraph            # the `oxigraph` command (0.5)
    apt-get install wrk
    python3 bench/serve_load.py --oxigraph /path/to/bin/oxigraph [--seconds 10]

Writes bench/results/serve-load.md and prints it.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUERIES = ["units-by-led-tasks", "co-lead-pairs", "tasks-per-group-and-year"]
CONNECTIONS = [1, 16, 64]


def wait_for(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status < 500:
                    return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"no answer from {url}")


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def to_ms(value):
    number = float(re.match(r"[\d.]+", value).group(0))
    if value.endswith("us"):
        return number / 1000
    if value.endswith("ms"):
        return number
    if value.endswith("s"):
        return number * 1000
    return number


def wrk(url, connections, seconds):
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
         "-H", "Accept: application/sparql-results+json", url],
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    return rps, p50, p99, errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plangraph", default=str(REPO / "target" / "release" / "plangraph"))
    parser.add_argument("--oxigraph", default=shutil.which("oxigraph") or "oxigraph")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--out", default=str(REPO / "bench" / "results" / "serve-load.md"))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="serve-load-"))
    graph = work / "graph.nq"
    subprocess.run([args.plangraph, "build", "-o", str(graph)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = work / "oxigraph"
    started = time.perf_counter()
    subprocess.run([args.oxigraph, "load", "--location", str(store), "--file", str(graph)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load_s = time.perf_counter() - started

    ours = subprocess.Popen([args.plangraph, "serve", "--bind", "127.0.0.1:0", "--timeout", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    our_url = ours.stdout.readline().strip().rstrip("/")
    theirs = subprocess.Popen([args.oxigraph, "serve-read-only", "--location", str(store),
                               "--bind", "127.0.0.1:7979", "--timeout-s", "60"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    their_url = "http://127.0.0.1:7979"
    try:
        wait_for(our_url + "/sparql?query=ASK%7B%7D")
        wait_for(their_url + "/query?query=ASK%7B%7D")
        # The project's prefixes, written out for both servers.
        with urllib.request.urlopen(our_url + "/") as r:
            page = r.read().decode()
        declared = "\n".join(
            f"PREFIX {p}: <{ns}>" for p, ns in re.findall(r"PREFIX (\w*): &lt;([^&]*)&gt;", page))
        rows = []
        for name in QUERIES:
            text = (REPO / "queries" / f"{name}.rq").read_text()
            query = declared + "\n" + text
            encoded = urllib.parse.quote(query)
            # Same answer from both, or the comparison means nothing.
            answers = []
            for url in (f"{our_url}/sparql?query={encoded}", f"{their_url}/query?query={encoded}"):
                request = urllib.request.Request(url, headers={"Accept": "text/csv"})
                with urllib.request.urlopen(request) as r:
                    answers.append(sorted(r.read().decode().splitlines()))
            if answers[0] != answers[1]:
                sys.exit(f"{name}: the two servers answer differently")
            for connections in CONNECTIONS:
                for server, url in (("plangraph serve", f"{our_url}/sparql?query={encoded}"),
                                    ("oxigraph serve-read-only", f"{their_url}/query?query={encoded}")):
                    rps, p50, p99, errors = wrk(url, connections, args.seconds)
                    rows.append((name, connections, server, rps, p50, p99, errors))
                    print(f"{name:28} c={connections:<3} {server:26} {rps:9.1f} q/s  p50 {p50:8.2f} ms"
                          f"  p99 {p99:8.2f} ms  errors {errors}", file=sys.stderr)
        memory = {"plangraph serve": peak_rss_mb(ours.pid),
                  "oxigraph serve-read-only": peak_rss_mb(theirs.pid)}
    finally:
        ours.terminate()
        theirs.terminate()
        ours.wait()
        theirs.wait()
    lines = [
        f"Load on loopback: wrk, {args.seconds} s per cell, GET /sparql?query=… (JSON results), "
        f"the embedded corpus ({graph.stat().st_size // 1024} KiB of N-Quads; "
        f"`oxigraph load` took {load_s:.1f} s). Peak RSS: "
        + ", ".join(f"{k} {v:.0f} MB" for k, v in memory.items()) + ".",
        "",
        "| query | clients | server | queries/s | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, connections, server, rps, p50, p99, errors in rows:
        lines.append(f"| {name} | {connections} | {server} | {rps:.1f} | {p50:.2f} | {p99:.2f} | {errors} |")
    text = "\n".join(lines) + "\n"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text)
    print(text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
