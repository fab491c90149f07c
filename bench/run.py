#!/usr/bin/env python3
"""Whole-command benchmarks of plangraph beside the Python baseline.

What it does, in one run:
  1. builds plangraph in release mode (cargo build --release), unless --skip-build;
  2. generates the scaled corpora x1, x10, x100 with the shared scale.py
     (../shared/bench/scale.py relative to the repository), unless they are
     already there with the expected number of files;
  3. runs every command N times per scale — plangraph's `build`, `build -o`,
     `query` on a saved graph, `analyze centrality`, `export co-lead --format
     graphml` (when the binary has them), the baseline (baseline.py) — plus a
     cold `query` on the embedded corpus, and measures wall time and each
     child's own peak RSS (os.wait4);
  4. optionally (--stages) runs `cargo bench --bench stages` on each corpus for
     the in-process stage breakdown;
  5. writes bench/results/latest.json and bench/results/latest.md and prints the
     Markdown table with medians, min/max, peak RSS and ratios to the baseline.

Usage:
  python3 bench/run.py --python /path/to/venv/bin/python --data-root /some/dir \
      [--scales 1,10,100] [--runs 3,3,1] [--stages] [--skip-build]

--python must have the baseline's requirements (../shared/bench/requirements.txt);
without it the baseline is skipped (--no-baseline does that on purpose).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"

# The simple SELECT of the interactive target: a cold process, embedded corpus.
COLD_QUERY = "SELECT ?t WHERE { ?t pg:leadUnit unit:山东省科技厅 } LIMIT 5"
# A query over the whole graph, to check that a loaded graph is complete.
COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def find_shared():
    for candidate in (REPO.parent / "shared" / "bench", REPO.parent.parent / "shared" / "bench"):
        if (candidate / "scale.py").is_file():
            return candidate
    return REPO.parent / "shared" / "bench"


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def measure(cmd, runs, stdout_to=None, env=None):
    """Runs cmd `runs` times; returns wall seconds, peak RSS (MiB) per run and the last stdout."""
    walls, rss, last_out, last_err = [], [], "", ""
    for _ in range(runs):
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            out.seek(0)
            err.seek(0)
            last_out = out.read().decode("utf-8", "replace")
            last_err = err.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}: {last_err[-500:]}")
        walls.append(wall)
        rss.append(usage.ru_maxrss / 1024)  # KiB on Linux
    if stdout_to:
        Path(stdout_to).write_text(last_out, encoding="utf-8")
    return {"wall_s": walls, "rss_mib": rss, "stdout_tail": last_out.strip().splitlines()[-1:] if last_out else [],
            "stderr_tail": last_err.strip().splitlines()[-2:] if last_err else []}


def repl_ready(binary, runs):
    """Seconds from starting `plangraph repl` on a pseudo-terminal until its
    prompt is on the screen (ready for input), and until the answer to a first
    COUNT(*) arrives; `runs` times each."""
    import pty
    import select
    ready, answered = [], []
    for _ in range(runs):
        master, slave = pty.openpty()
        env = dict(os.environ, TERM="xterm", NO_COLOR="1")
        started = time.perf_counter()
        proc = subprocess.Popen([str(binary), "repl", "--no-history"], stdin=slave, stdout=slave,
                                stderr=slave, env=env)
        os.close(slave)

        def wait_for(marker, seen=b""):
            while marker not in seen:
                readable, _, _ = select.select([master], [], [], 30)
                if not readable:
                    raise RuntimeError(f"no {marker!r} from the REPL")
                seen += os.read(master, 65536)
            return time.perf_counter() - started

        ready.append(wait_for(b"plangraph> "))
        os.write(master, (COUNT_QUERY + ";\r").encode())
        answered.append(wait_for(b"(1 row"))
        os.write(master, b"\\q\r")
        proc.wait(timeout=30)
        os.close(master)
    return {"prompt": summary({"wall_s": ready, "rss_mib": [0]}),
            "first answer": summary({"wall_s": answered, "rss_mib": [0]})}


def summary(m):
    w, r = m["wall_s"], m["rss_mib"]
    return {"median_s": statistics.median(w), "min_s": min(w), "max_s": max(w),
            "peak_rss_mib": max(r), "runs": len(w)}


def has_subcommand(binary, name):
    probe = sh([str(binary), name, "--help"])
    return probe.returncode == 0 and "not available" not in (probe.stdout + probe.stderr)


def ensure_corpus(python, scale_py, root, n, regenerate):
    out = root / f"x{n}"
    if not regenerate and out.is_dir() and len(list(out.glob("*.txt"))) == 5 * n:
        return out, None
    started = time.perf_counter()
    res = sh([python, str(scale_py), "--n", str(n), "--out", str(out)])
    if res.returncode != 0:
        raise RuntimeError(f"scale.py failed: {res.stderr[-500:]}")
    print(f"generated x{n} in {time.perf_counter() - started:.1f} s: {res.stdout.strip()}", file=sys.stderr)
    return out, json.loads(res.stdout.strip().splitlines()[-1])


def machine():
    info = {"platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    info["rustc"] = sh(["rustc", "--version"]).stdout.strip()
    return info


def uptime():
    return sh(["uptime"]).stdout.strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--python", default=os.environ.get("PLANGRAPH_BENCH_PYTHON", sys.executable),
                    help="Python with the baseline's requirements (OpenCC, rdflib, networkx)")
    ap.add_argument("--data-root", default=os.environ.get("PLANGRAPH_BENCH_DATA_ROOT", str(REPO / "bench-out")),
                    help="where the scaled corpora and saved graphs go (never inside src/)")
    ap.add_argument("--shared", default=None, help="folder with scale.py and baseline.py")
    ap.add_argument("--scales", default="1,10,100")
    ap.add_argument("--runs", default="3", help="runs per command, one number or one per scale (3,3,1)")
    ap.add_argument("--cold-runs", type=int, default=20, help="runs of the cold embedded query")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--stages", action="store_true", help="also run cargo bench --bench stages per scale")
    ap.add_argument("--skip-queries", default="",
                    help="canned queries the stage bench leaves out (comma-separated stems; default none)")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--regenerate", action="store_true", help="regenerate the corpora even if present")
    ap.add_argument("--out", default=str(RESULTS / "latest.json"))
    args = ap.parse_args()

    shared = Path(args.shared) if args.shared else find_shared()
    scales = [int(s) for s in args.scales.split(",") if s.strip()]
    root = Path(args.data_root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    runs = [int(r) for r in str(args.runs).split(",")]
    runs_of = dict(zip(scales, runs if len(runs) == len(scales) else [runs[0]] * len(scales)))
    results = {"machine": machine(), "uptime_before": uptime(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
               "runs": {f"x{n}": r for n, r in runs_of.items()}, "scales": {}, "cold": {}}
    print(results["uptime_before"], file=sys.stderr)

    if not args.skip_build:
        started = time.perf_counter()
        build = subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
        if build.returncode != 0:
            sys.exit("cargo build --release failed")
        print(f"release build: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    binary = REPO / "target" / "release" / "plangraph"
    have_analyze = has_subcommand(binary, "analyze")
    have_export = has_subcommand(binary, "export")   # a stub that says "not available" is skipped below

    # The interactive target: one cold process, embedded corpus, simple SELECT.
    cold = summary(measure([binary, "query", COLD_QUERY], args.cold_runs))
    results["cold"]["query (embedded, cold)"] = cold
    print(f"cold query: median {cold['median_s'] * 1e3:.0f} ms", file=sys.stderr)
    repl = repl_ready(binary, args.cold_runs)
    results["cold"]["repl prompt (embedded, cold)"] = repl["prompt"]
    results["repl_first_answer"] = repl["first answer"]
    print(f"repl prompt: median {repl['prompt']['median_s'] * 1e3:.0f} ms", file=sys.stderr)

    for n in scales:
        corpus, scaled = ensure_corpus(args.python, shared / "scale.py", root, n, args.regenerate)
        entry = {"corpus": str(corpus), "scale": scaled, "commands": {}}
        graph = root / f"x{n}.nq"
        cmds = {
            "build": [binary, "--data", corpus, "build"],
            "build -o graph.nq": [binary, "--data", corpus, "build", "-o", graph],
        }
        for name, cmd in cmds.items():
            print(f"x{n}: {name}", file=sys.stderr)
            entry["commands"][name] = m = measure(cmd, runs_of[n])
            m.update(summary(m))
        later = {
            "query COUNT(*) on saved graph": [binary, "--graph", graph, "query", COUNT_QUERY],
            "query COUNT(*) from text": [binary, "--data", corpus, "query", COUNT_QUERY],
        }
        if have_analyze:
            later["analyze centrality"] = [binary, "--data", corpus, "analyze", "centrality"]
        if have_export:
            later["export co-lead --format graphml"] = [binary, "--data", corpus, "export", "co-lead",
                                                        "--format", "graphml"]
        for name, cmd in later.items():
            print(f"x{n}: {name}", file=sys.stderr)
            try:
                m = measure(cmd, runs_of[n])
            except RuntimeError as e:
                if "not available" not in str(e):
                    raise
                entry.setdefault("skipped", []).append(name)   # subcommand not in this build yet
                continue
            m.update(summary(m))
            entry["commands"][name] = m
        if have_analyze:
            # The analysis from text reads the records, with --graph it runs
            # SPARQL on the saved graph: the two must print the same table.
            csv_args = ["analyze", "centrality", "--format", "csv"]
            from_text = subprocess.run([binary, "--data", corpus, *csv_args], capture_output=True)
            from_graph = subprocess.run([binary, "--graph", graph, *csv_args], capture_output=True)
            entry["centrality from text == from saved graph"] = (
                from_text.returncode == 0 and from_text.stdout == from_graph.stdout)
            print(f"x{n}: same centrality from text and saved graph: "
                  f"{entry['centrality from text == from saved graph']}", file=sys.stderr)
        if not args.no_baseline:
            print(f"x{n}: baseline", file=sys.stderr)
            nt = root / f"x{n}.baseline.nt"
            m = measure([args.python, shared / "baseline.py", "--in", corpus, "--out", nt, "--quiet"],
                        runs_of[n])
            m.update(summary(m))
            try:
                m["report"] = json.loads(m["stdout_tail"][-1])
            except (IndexError, ValueError):
                m["report"] = None
            entry["commands"]["baseline.py"] = m
        if args.stages:
            stage_json = root / f"x{n}.stages.json"
            env = dict(os.environ, PLANGRAPH_BENCH_DATA=str(corpus), PLANGRAPH_BENCH_RUNS=str(runs_of[n]),
                       PLANGRAPH_BENCH_JSON=str(stage_json),
                       PLANGRAPH_BENCH_SKIP_QUERIES=args.skip_queries)
            print(f"x{n}: cargo bench --bench stages", file=sys.stderr)
            bench = subprocess.run(["cargo", "bench", "--quiet", "--bench", "stages"], cwd=REPO, env=env,
                                   capture_output=True, text=True)
            if bench.returncode == 0 and stage_json.is_file():
                entry["stages"] = json.loads(stage_json.read_text())
            else:
                entry["stages_error"] = bench.stderr[-1000:]
        results["scales"][f"x{n}"] = entry

    results["uptime_after"] = uptime()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for entry in results["scales"].values():
        for m in entry["commands"].values():
            if "report" not in m:
                m.pop("stdout_tail", None)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    table = markdown(results)
    out.with_suffix(".md").write_text(table, encoding="utf-8")
    print(table)


def ms(s):
    return f"{s * 1e3:,.0f} ms" if s < 10 else f"{s:,.1f} s"


def markdown(results):
    lines = [f"Machine: {results['machine'].get('cpu', '?')}, {results['machine'].get('cpus')} CPUs, "
             f"{results['machine'].get('mem_gib', '?')} GiB; {results['machine'].get('rustc', '')}",
             f"Load before: `{results['uptime_before']}`", f"Load after: `{results['uptime_after']}`", ""]
    for name, c in results["cold"].items():
        rss = f", peak RSS {c['peak_rss_mib']:.0f} MiB" if c['peak_rss_mib'] else ""
        lines.append(f"Cold `{name}`: median {c['median_s'] * 1e3:.1f} ms (min {c['min_s'] * 1e3:.1f}, "
                     f"max {c['max_s'] * 1e3:.1f}, {c['runs']} runs){rss}")
    if results.get("repl_first_answer"):
        a = results["repl_first_answer"]
        lines.append(f"REPL, first COUNT(*) answered: median {a['median_s'] * 1e3:.1f} ms after start")
    for scale, entry in results["scales"].items():
        if "centrality from text == from saved graph" in entry:
            lines.append(f"{scale}: `analyze centrality --format csv` from text identical to the saved graph's: "
                         f"{entry['centrality from text == from saved graph']}")
    lines += ["", "| scale | command | median | min | max | peak RSS | baseline ÷ plangraph (time) | plangraph ÷ baseline (RSS) |",
              "|---|---|---:|---:|---:|---:|---:|---:|"]
    for scale, entry in results["scales"].items():
        base = entry["commands"].get("baseline.py")
        for name, m in entry["commands"].items():
            ratio = rss = ""
            if base and name != "baseline.py":
                ratio = f"{base['median_s'] / m['median_s']:.1f}×"
                rss = f"{m['peak_rss_mib'] / base['peak_rss_mib']:.0%}"
            lines.append(f"| {scale} | `{name}` | {ms(m['median_s'])} | {ms(m['min_s'])} | {ms(m['max_s'])} | "
                         f"{m['peak_rss_mib']:,.0f} MiB | {ratio} | {rss} |")
    for scale, entry in results["scales"].items():
        base = entry["commands"].get("baseline.py")
        if base and base.get("report"):
            t = base["report"]["timings_s"]
            lines.append(f"\n{scale} baseline stages (last run): " + ", ".join(f"{k} {v:.2f} s" for k, v in t.items())
                         + f"; {base['report']['triples']:,} triples, {base['report']['tasks']:,} tasks")
        if entry.get("stages"):
            lines.append(f"\n{scale} plangraph stages (in-process, median of {entry['stages']['runs']}):\n")
            lines.append("| stage | median | min | max | |")
            lines.append("|---|---:|---:|---:|---|")
            for s in entry["stages"]["stages"]:
                lines.append(f"| {s['stage']} | {ms(s['median_s'])} | {ms(s['min_s'])} | {ms(s['max_s'])} | {s['note']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
