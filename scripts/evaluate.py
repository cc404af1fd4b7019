#!/usr/bin/env python3
"""Evaluate every Assay method on every shared dataset with a truth.csv and rewrite EVALUATION.md.

Usage: scripts/evaluate.py [--assay PATH] [--out EVALUATION.md] [--check]

Datasets come from $ASSAY_DATASETS (default ../shared/datasets); the peer's figures from
$ASSAY_PEER_REFERENCE (default ../shared/bench/reference), recorded with
`run_crowdkit.py datasets/NAME --methods ... --cpu-timeout 900 --json` (crowd-kit 1.4.2,
scikit-learn 1.5.2). With --check, exits 1 when a method falls below its acceptance bar:
accuracy >= the crowd-kit namesake - 0.005 on duck, product, dog, face, rte, temp, wsd, web.
"""
import argparse, json, os, subprocess, sys, time

PEER = {"mv": "MajorityVote", "wawa": "Wawa", "zbs": "ZeroBasedSkill", "ds": "DawidSkene",
        "ods": "OneCoinDawidSkene", "glad": "GLAD", "mace": "MACE", "kos": "KOS", "mmsr": "MMSR"}
BARRED = ["duck", "product", "dog", "face", "rte", "temp", "wsd", "web"]
# Shortfalls explained in EVALUATION.notes.md: reported, but do not fail --check. Keep this list short
# and remove entries as they are fixed.
KNOWN_SHORTFALLS: set = set()
METHODS = ["mv", "wawa", "zbs", "ds", "ods", "glad", "mace", "kos", "mmsr", "auto"]


def peer_results(ref_dir, name):
    path = os.path.join(ref_dir, name + ".out")
    if not os.path.exists(path):
        return None
    last = [l for l in open(path) if l.startswith("{")][-1]
    return {r["method"]: r for r in json.loads(last)["results"]}


def run_eval(assay, folder, extra):
    cmd = [assay, "eval", os.path.join(folder, "labels.csv"), "--truth", os.path.join(folder, "truth.csv"),
           "--json"] + extra
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return {r["method"]: r for r in json.loads(out.stdout)}, cmd


def annotator_and_calibration(assay, folder):
    """Mean |estimated − true| annotator accuracy (annotators with >= 20 labels on items with truth)
    for ds and auto, and the expected calibration error (10 equal-width bins) of `infer` confidences."""
    import csv, tempfile
    truth = {r["task"]: r["truth"] for r in csv.DictReader(open(os.path.join(folder, "truth.csv"), encoding="utf-8"))}
    hits, counts = {}, {}
    for r in csv.DictReader(open(os.path.join(folder, "labels.csv"), encoding="utf-8")):
        if r["task"] in truth:
            counts[r["worker"]] = counts.get(r["worker"], 0) + 1
            hits[r["worker"]] = hits.get(r["worker"], 0) + (r["label"] == truth[r["task"]])
    out = {"name": os.path.basename(folder)}
    with tempfile.TemporaryDirectory() as tmp:
        for method in ["ds", "auto"]:
            items = os.path.join(tmp, "items.csv")
            subprocess.run([assay, "infer", os.path.join(folder, "labels.csv"), "--method", method, "--out", items],
                           capture_output=True, check=True)
            report = subprocess.run([assay, "report", os.path.join(folder, "labels.csv"), "--method", method,
                                     "--format", "json", "--bootstrap", "0"], capture_output=True, text=True, check=True)
            errors = [abs(a["estimated_accuracy"] - hits[a["annotator"]] / counts[a["annotator"]])
                      for a in json.loads(report.stdout)["annotators"] if counts.get(a["annotator"], 0) >= 20]
            out[f"mae_{method}"] = sum(errors) / len(errors) if errors else None
            out["annotators"] = len(errors)
            bins = [[0, 0.0, 0] for _ in range(10)]  # n, confidence sum, correct
            for r in csv.DictReader(open(items, encoding="utf-8")):
                if r["item"] not in truth:
                    continue
                c = float(r["confidence"])
                b = bins[min(int(c * 10), 9)]
                b[0] += 1; b[1] += c; b[2] += r["label"] == truth[r["item"]]
            n = sum(b[0] for b in bins)
            out[f"ece_{method}"] = sum(abs(b[2] / b[0] - b[1] / b[0]) * b[0] / n for b in bins if b[0])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--assay", default=".build/release/assay")
    ap.add_argument("--out", default="EVALUATION.md")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    datasets = os.environ.get("ASSAY_DATASETS", "../shared/datasets")
    ref_dir = os.environ.get("ASSAY_PEER_REFERENCE", "../shared/bench/reference")
    if not os.path.isdir(datasets):
        raise SystemExit(f"ASSAY_DATASETS={datasets} is not a folder; set ASSAY_DATASETS to the shared datasets")
    names = sorted(d for d in os.listdir(datasets) if os.path.exists(os.path.join(datasets, d, "truth.csv")))
    failures, known, sections, evaluated = [], [], [], []
    for name in names:
        folder = os.path.join(datasets, name)
        labels_head = open(os.path.join(folder, "labels.csv"), encoding="utf-8").readline()
        peer = peer_results(ref_dir, name)
        if peer is None:
            sections.append(f"### {name}\n\nNo peer reference for this dataset (not a categorical benchmark in "
                            f"`bench/reference/`); not evaluated for accuracy here.\n")
            continue
        t0 = time.time()
        ours, cmd = run_eval(args.assay, folder, [])
        rows = ["| method | Assay accuracy | crowd-kit accuracy | difference | bar | Assay s | crowd-kit CPU s |",
                "|---|---:|---:|---:|---|---:|---:|"]
        best_peer = max((r.get("accuracy") or 0) for r in peer.values() if r.get("status") == "ok")
        for m in METHODS:
            r = ours.get(m)
            p = peer.get(PEER.get(m, ""), {})
            acc = r.get("accuracy") if r else None
            pacc = p.get("accuracy") if p.get("status") == "ok" else None
            status = p.get("status", "—") if p else "—"
            bar = "—"
            if m == "auto":
                ok = acc is not None and acc >= best_peer - 1e-12
                bar = "≥ best peer" + (" ✔" if ok else f" ✘ (best {best_peer:.4f})")
            elif pacc is not None and name in BARRED:
                ok = acc is not None and acc >= pacc - 0.005
                bar = "✔" if ok else "✘"
                if not ok:
                    key = f"{name}/{m}"
                    if key in KNOWN_SHORTFALLS:
                        bar = "✘ (known, see notes)"
                        known.append(f"{key}: {acc:.4f} < {pacc:.4f} - 0.005")
                    else:
                        failures.append(f"{key}: {acc} < {pacc} - 0.005")
            elif name in BARRED and r and r["status"] == "ok" and status not in ("ok",):
                bar = "peer: " + (status if status != "skipped" else "skipped")
            a = f"{acc:.4f}" if acc is not None else (r["status"] if r else "—")
            pa = f"{pacc:.4f}" if pacc is not None else (p.get("status", "—") if p else "—")
            diff = f"{acc - pacc:+.4f}" if acc is not None and pacc is not None else "—"
            sec = f"{r['seconds']:.3f}" if r and r.get("seconds") is not None and r["status"] == "ok" else "—"
            psec = f"{p['cpu_seconds']:.2f}" if p.get("cpu_seconds") is not None else "—"
            rows.append(f"| {m} | {a} | {pa} | {diff} | {bar} | {sec} | {psec} |")
        auto_note = ours.get("auto", {}).get("note") or ""
        sections.append(f"### {name}\n\n`{' '.join(cmd[:-1])}`\n\n" + "\n".join(rows) +
                        f"\n\nauto: {auto_note}\n")
        evaluated.append(name)
    quality_rows = [annotator_and_calibration(args.assay, os.path.join(datasets, n)) for n in evaluated]
    # Gold-anchored DS vs plain DS on the same 95%, over 10 gold samples (seeds 1-10).
    gold_stats = {}
    for name in evaluated:
        folder = os.path.join(datasets, name)
        diffs, plain_acc, gold_acc, plain_ll, gold_ll, plain_br, gold_br = [], [], [], [], [], [], []
        for seed in range(1, 11):
            g, _ = run_eval(args.assay, folder, ["--methods", "ds", "--gold-share", "0.05", "--seed", str(seed)])
            p, _ = run_eval(args.assay, folder, ["--methods", "ds", "--gold-share", "0.05", "--seed", str(seed),
                                                 "--withhold-gold"])
            diffs.append(g["ds"]["correct"] - p["ds"]["correct"])
            plain_acc.append(p["ds"]["accuracy"])
            gold_acc.append(g["ds"]["accuracy"])
            plain_ll.append(p["ds"]["log_loss"])
            gold_ll.append(g["ds"]["log_loss"])
            plain_br.append(p["ds"]["brier"])
            gold_br.append(g["ds"]["brier"])
        gold_stats[name] = (sum(plain_acc) / 10, sum(gold_acc) / 10, sum(diffs) / 10,
                            sum(d > 0 for d in diffs), sum(d < 0 for d in diffs),
                            sum(plain_ll) / 10, sum(gold_ll) / 10, sum(plain_br) / 10, sum(gold_br) / 10)
    better = sum(1 for v in gold_stats.values() if v[2] > 0)
    worse = sum(1 for v in gold_stats.values() if v[2] < 0)
    ll_better = sum(1 for v in gold_stats.values() if v[6] < v[5] - 1e-9)
    br_better = sum(1 for v in gold_stats.values() if v[8] < v[7] - 1e-9)
    gold_table = ["| dataset | plain DS on the 95% (mean) | gold-anchored DS (mean) | mean items gained | seeds better | seeds worse "
                  "| log loss, plain → gold | Brier, plain → gold |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for n, (p, g, d, b, w, pl, gl, pb, gb) in gold_stats.items():
        gold_table.append(f"| {n} | {p:.4f} | {g:.4f} | {d:+.1f} | {b} | {w} | {pl:.4f} → {gl:.4f} | {pb:.4f} → {gb:.4f} |")
    def f(v):
        return "—" if v is None else f"{v:.4f}"
    quality_table = ["| dataset | annotators (≥ 20 labels) | MAE of estimated accuracy, ds | MAE, auto | ECE, ds | ECE, auto |",
                     "|---|---:|---:|---:|---:|---:|"]
    for q in quality_rows:
        quality_table.append(f"| {q['name']} | {q['annotators']} | {f(q['mae_ds'])} | {f(q['mae_auto'])} | "
                             f"{f(q['ece_ds'])} | {f(q['ece_auto'])} |")
    quality_section = ("\n## Annotator accuracy without gold, and calibration\n\n"
                       "Estimated accuracy is the annotator scorecard's figure (`assay report --format json`: the mean "
                       "posterior of the classes the annotator's labels gave), with no gold; the true accuracy is computed from truth.csv over the annotator's labels on "
                       "items with truth. ECE: expected calibration error of `assay infer` confidences against "
                       "truth, 10 equal-width bins. Goal ≤ 0.03 for both.\n\n" + "\n".join(quality_table) + "\n")
    doc = f"""# Evaluation on real datasets

Rewritten by `scripts/evaluate.py` (run by `.ci/run`); do not edit by hand.
Datasets: `$ASSAY_DATASETS` (default `../shared/datasets`), every folder with a `truth.csv` and a peer
reference. Peer figures: crowd-kit 1.4.2 (scikit-learn 1.5.2, pandas 3.1.1, numpy 2.4.6), recorded in
`../shared/bench/reference/NAME.out` with
`run_crowdkit.py datasets/NAME --methods MajorityVote,Wawa,ZeroBasedSkill,GLAD,DawidSkene,OneCoinDawidSkene,MACE,KOS,MMSR --cpu-timeout 900 --json`.

Acceptance bar: every method ≥ its crowd-kit namesake − 0.005 on duck, product, dog, face, rte, temp,
wsd, web; `auto` ≥ the best peer method on each dataset (shortfalls explained below).
Accuracy is over items with truth; ties in a vote go to the lower class (crowd-kit's `idxmax`).
Assay seconds are wall time of the release build in the same run (not comparable with the peer's
CPU seconds to better than ±30%).

## Accuracy

""" + "\n".join(sections) + f"""

## Gold-anchored Dawid–Skene (`--gold-share 0.05`, seeds 1–10)

For each of 10 seeds a random 5% of the truth is handed to Dawid–Skene as gold (clamped during EM) and
both runs are scored on the same remaining 95% (`assay eval ... --methods ds --gold-share 0.05 --seed S`,
with and without `--withhold-gold`). On average gold-anchored DS is better on {better} of
{len(gold_stats)} datasets and worse on {worse}. As probabilities (the eval's `log_loss` and `brier` on the
same items, means over the seeds; lower is better) its posteriors are better on {ll_better} of
{len(gold_stats)} datasets by log loss and on {br_better} by Brier score.

""" + "\n".join(gold_table) + "\n" + quality_section + "\n" + (
        ("## Result\n\nAll acceptance bars met" + (" except the known shortfalls: " + "; ".join(known) if known else "") + ".\n")
        if not failures else
        "## Result\n\nBelow the bar:\n\n" + "\n".join(f"- {f}" for f in failures) + "\n")
    if os.path.exists("EVALUATION.notes.md"):
        doc += "\n" + open("EVALUATION.notes.md").read()
    open(args.out, "w").write(doc)
    print(f"wrote {args.out}: {len(names)} datasets, {len(failures)} below the bar")
    for f in failures:
        print("BELOW BAR:", f)
    # The acceptance datasets must all have been compared with the peer: a missing reference folder
    # must not turn the check into a pass.
    required = {"duck", "product", "dog", "face", "rte", "temp", "wsd", "web"}
    missing = sorted(required - set(evaluated))
    if args.check and missing:
        print(f"NOT EVALUATED (no dataset or peer reference under {datasets} / {ref_dir}):", ", ".join(missing))
        sys.exit(1)
    if args.check and failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
