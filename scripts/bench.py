#!/usr/bin/env python3
"""Speed of Assay side by side with crowd-kit and pandas on gen_labels.py data; prints Markdown.

Usage (release build first: swift build -c release --product assay):
  scripts/bench.py --data DIR --peer-python PY [--run-peer]

DIR holds s100k, s1M, s10M made by ../shared/bench/gen_labels.py (seed 7, K=5, overlap 5).
With --run-peer, run_crowdkit.py runs first on the same folders (peer-*.out in DIR); otherwise the
peer-*.out files already in DIR are used, or where DIR has none, the recorded ones committed in
bench/peer/ (the peer is slow: GLAD alone needs ~5 min at 100k; bench/peer/README.md has the commands).
Assay's figures are wall seconds of `assay eval --json` (method time, reading excluded) and of
`assay stats --json` (reading); pandas' are wall seconds of pandas.read_csv in PY. The JSON Lines
table reads labels.jsonl, the same rows as labels.csv (written next to it when missing), with Assay
and with pandas.read_json(lines=True), Arrow engine and default engine (the latter not at 10M).
"""
import argparse, json, os, subprocess, sys

BENCH = os.environ.get("ASSAY_BENCH", "../shared/bench")


def assay_eval(assay, folder, methods):
    out = subprocess.run([assay, "eval", f"{folder}/labels.csv", "--truth", f"{folder}/truth.csv", "--json",
                          "--methods", ",".join(methods)], capture_output=True, text=True, check=True)
    return {r["method"]: r for r in json.loads(out.stdout)}


def assay_stats(assay, folder, name="labels.csv"):
    out = subprocess.run([assay, "stats", f"{folder}/{name}", "--json"], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def write_jsonl(folder):
    """labels.jsonl with the rows of labels.csv (gen_labels.py ids hold no quote or comma)."""
    path = f"{folder}/labels.jsonl"
    if os.path.exists(path):
        return
    with open(f"{folder}/labels.csv") as f, open(path + ".tmp", "w") as o:
        next(f)
        for line in f:
            t, w, l = line.rstrip("\n").split(",")
            o.write('{"task": "%s", "worker": "%s", "label": "%s"}\n' % (t, w, l))
    os.rename(path + ".tmp", path)


def pandas_read_json(py, folder, engines):
    code = ("import pandas as pd, time, json, sys; r={}\n"
            "for e in sys.argv[1:]:\n"
            "    t=time.perf_counter(); df=pd.read_json('%s/labels.jsonl', lines=True, engine=e); "
            "r[e]=time.perf_counter()-t; assert len(df) > 0\n"
            "print(json.dumps(r))" % folder)
    out = subprocess.run([py, "-c", code, *engines], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def pandas_read(py, folder):
    code = ("import pandas as pd, time, json; t=time.perf_counter(); df=pd.read_csv('%s/labels.csv'); "
            "r=time.perf_counter()-t; t=time.perf_counter(); [pd.factorize(df[c]) for c in ('task','worker','label')]; "
            "print(json.dumps({'read': r, 'factorize': time.perf_counter()-t, 'pandas': pd.__version__}))" % folder)
    out = subprocess.run([py, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def peer(data, size):
    """Peer results for one size, merged over peer-SIZE*.out in DATA, else in bench/peer/ (later files win)."""
    import glob
    merged = {}
    paths = sorted(glob.glob(f"{data}/peer-{size}*.out"))
    if not paths:
        recorded = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "peer")
        paths = sorted(glob.glob(f"{recorded}/peer-{size}*.out"))
    for path in paths:
        last = [l for l in open(path) if l.startswith("{")]
        if last:
            merged.update({r["method"]: r for r in json.loads(last[-1])["results"]})
    return merged


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--assay", default=".build/release/assay")
    ap.add_argument("--peer-python", required=True)
    ap.add_argument("--run-peer", action="store_true")
    a = ap.parse_args()
    sizes = {"100k": ["mv", "ds", "ods", "glad", "mace"], "1M": ["mv", "ds", "ods", "glad", "mace"],
             "10M": ["mv", "ds", "ods"]}
    peer_methods = {"100k": "MajorityVote,DawidSkene,GLAD,MACE", "1M": "MajorityVote,DawidSkene"}
    if a.run_peer:
        for size, methods in peer_methods.items():
            with open(f"{a.data}/peer-{size}.out", "w") as f:
                subprocess.run([a.peer_python, f"{BENCH}/run_crowdkit.py", f"{a.data}/s{size}", "--methods", methods,
                                "--cpu-timeout", "900", "--json"], stdout=f, check=True)
    names = {"mv": "MajorityVote", "ds": "DawidSkene", "ods": "OneCoinDawidSkene", "glad": "GLAD", "mace": "MACE"}
    print("| labels | method | Assay s | Assay accuracy | crowd-kit CPU s | crowd-kit accuracy | speed-up |")
    print("|---|---|---:|---:|---:|---:|---:|")
    reads = []
    for size, methods in sizes.items():
        folder = f"{a.data}/s{size}"
        ours = assay_eval(a.assay, folder, methods)
        theirs = peer(a.data, size)
        for m in methods:
            r = ours[m]
            p = theirs.get(names[m], {})
            pc = p.get("cpu_seconds")
            ratio = f"{pc / r['seconds']:.0f}×" if pc and r["seconds"] > 0 else "—"
            print(f"| {size} | {m} | {r['seconds']:.3f} | {r['accuracy']:.4f} | "
                  f"{pc:.2f} | {p.get('accuracy', float('nan')):.4f} | {ratio} |" if pc else
                  f"| {size} | {m} | {r['seconds']:.3f} | {r['accuracy']:.4f} | — | — | — |")
        st = assay_stats(a.assay, folder)
        pd_ = pandas_read(a.peer_python, folder)
        write_jsonl(folder)
        js = assay_stats(a.assay, folder, "labels.jsonl")
        pj = pandas_read_json(a.peer_python, folder, ["pyarrow"] + ([] if size == "10M" else ["ujson"]))
        reads.append((size, st, pd_, js, pj))
    print()
    print("| labels | Assay read → LabelSet s | bytes/label beyond baseline | pandas.read_csv s | + factorize 3 columns s |")
    print("|---|---:|---:|---:|---:|")
    for size, st, pd_, _, _ in reads:
        print(f"| {size} | {st['read_seconds']:.3f} | {st['bytes_per_label']:.1f} | {pd_['read']:.3f} | "
              f"{pd_['read'] + pd_['factorize']:.3f} |")
    print()
    print("| labels (JSON Lines) | Assay read → LabelSet s | bytes/label beyond baseline | "
          "pandas.read_json, Arrow engine s | pandas.read_json, default engine s |")
    print("|---|---:|---:|---:|---:|")
    for size, _, _, js, pj in reads:
        default = f"{pj['ujson']:.3f}" if "ujson" in pj else "not run"
        print(f"| {size} | {js['read_seconds']:.3f} | {js['bytes_per_label']:.1f} | {pj['pyarrow']:.3f} | {default} |")


if __name__ == "__main__":
    main()
