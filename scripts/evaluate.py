#!/usr/bin/env python3
"""Evaluate every Assay method on every shared dataset with a truth.csv and rewrite EVALUATION.md.

Usage: scripts/evaluate.py [--assay PATH] [--out EVALUATION.md] [--check]

Datasets come from $ASSAY_DATASETS (default ../shared/datasets); the peer's figures from
$ASSAY_PEER_REFERENCE (default ../shared/bench/reference), recorded with
`run_crowdkit.py datasets/NAME --methods ... --cpu-timeout 900 --json` (crowd-kit 1.4.2,
scikit-learn 1.5.2). With --check, exits 1 when a method falls below its acceptance bar:
accuracy >= the crowd-kit namesake - 0.005 on duck, product, dog, face, rte, temp, wsd, web (the default
method, cds, against crowd-kit's DawidSkene), or when the default method misses a calibration bar on one of
them (ECE <= 0.05 without gold, <= 0.03 with 5% gold over seeds 1-10, items at confidence >= 0.99 right
>= 97% of the time) and the miss is not listed in KNOWN_CALIBRATION_SHORTFALLS with its measured reason;
or when a bar of issue 13 checked by scripts/evaluate_typed.py (pairwise, text, ratings) is missed and not
listed in its KNOWN_TYPED_SHORTFALLS.
"""
import argparse, json, os, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import evaluate_typed  # noqa: E402

PEER = {"mv": "MajorityVote", "wawa": "Wawa", "zbs": "ZeroBasedSkill", "ds": "DawidSkene",
        "ods": "OneCoinDawidSkene", "glad": "GLAD", "mace": "MACE", "kos": "KOS", "mmsr": "MMSR",
        "cds": "DawidSkene"}
BARRED = ["duck", "product", "dog", "face", "rte", "temp", "wsd", "web"]
# Shortfalls explained in EVALUATION.notes.md: reported, but do not fail --check. Keep this list short
# and remove entries as they are fixed.
KNOWN_SHORTFALLS: set = set()
METHODS = ["mv", "wawa", "zbs", "ds", "ods", "glad", "mace", "kos", "mmsr", "auto", "cds"]
DEFAULT = "cds"  # Methods.defaultName
# Calibration bars of the default method (issue 12): ECE (15 equal-width bins) without gold, ECE with 5% gold
# (mean over seeds 1-10, scored on the other 95%), accuracy of the items at confidence >= 0.99.
ECE_BAR, GOLD_ECE_BAR, CONFIDENT_BAR = 0.05, 0.03, 0.97
GOLD_SEEDS = range(1, 11)
# Calibration bars the default method misses, each with the measured reason (EVALUATION.notes.md has the
# figures). Keep it honest and short: an entry whose bar is met is reported as stale.
_SHARED = ("the crowd is confidently wrong together: of the items where >= 80% of the labels agree, "
           "{} are wrong; no labels-only estimate can tell those from the rest, cds warns (dispersion {})")
KNOWN_CALIBRATION_SHORTFALLS = {
    "dog/ece": _SHARED.format("9.7%", "1.44"),
    "dog/confident": _SHARED.format("9.7%", "1.44"),
    "duck/ece": _SHARED.format("16.7%", "2.45"),
    "duck/confident": _SHARED.format("16.7%", "2.45"),
    "face/ece": _SHARED.format("16.1%", "1.44"),
    "face/confident": _SHARED.format("16.1%", "1.44"),
    "web/ece": "held-out label likelihood picks correlation 0.3 where the truth says 0.05-0.1 (ECE 0.02 there): "
               "annotators' grades spread together on an item while the truth follows their mode; the labels "
               "cannot tell, and with 5% gold the bar is met",
    "dog/gold-ece": "40 gold items fit 2 parameters; the best 2-parameter map fitted on all 807 truths reaches 0.036",
    "duck/gold-ece": "5 gold items; the noise floor on 103 items (0.040) is above the bar",
    "face/gold-ece": "29 gold items; the noise floor (0.034) is above the bar",
    "temp/gold-ece": "23 gold items: 8 seeds at 0.021-0.043, 2 at 0.07 (the fit's noise)",
}


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


def ece15(confidences, right, bins=15):
    """Expected calibration error over equal-width confidence bins (as `Calibration.score` in Core)."""
    n = len(confidences)
    if n == 0:
        return 0.0
    count, conf, hit = [0] * bins, [0.0] * bins, [0] * bins
    for c, r in zip(confidences, right):
        b = min(max(int(c * bins), 0), bins - 1)
        count[b] += 1; conf[b] += c; hit[b] += r
    return sum(abs(hit[b] - conf[b]) for b in range(bins) if count[b]) / n


def noise_floor(confidences, draws=200, seed=12):
    """Mean ECE of a perfectly calibrated predictor with these confidences on as many items: each item is
    right with probability equal to its confidence (seeded draws). An ECE bar below it is not measurable
    on this many items."""
    import random
    rng = random.Random(seed)
    return sum(ece15(confidences, [rng.random() < c for c in confidences]) for _ in range(draws)) / draws


def annotator_and_calibration(assay, folder):
    """Mean |estimated − true| annotator accuracy (annotators with >= 20 labels on items with truth)
    for ds, auto and the default method, and the noise floor of ECE for the default's confidences."""
    import csv, tempfile
    truth = {r["task"]: r["truth"] for r in csv.DictReader(open(os.path.join(folder, "truth.csv"), encoding="utf-8"))}
    hits, counts, votes = {}, {}, {}
    for r in csv.DictReader(open(os.path.join(folder, "labels.csv"), encoding="utf-8")):
        if r["task"] in truth:
            counts[r["worker"]] = counts.get(r["worker"], 0) + 1
            hits[r["worker"]] = hits.get(r["worker"], 0) + (r["label"] == truth[r["task"]])
            item = votes.setdefault(r["task"], {})
            item[r["label"]] = item.get(r["label"], 0) + 1
    out = {"name": os.path.basename(folder)}
    # The crowd confidently wrong together: items with >= 4 labels where >= 80% of them agree, and the
    # share of those whose agreed answer is not the truth.
    agreed = [(max(v, key=v.get), t) for t, v in votes.items()
              if sum(v.values()) >= 4 and max(v.values()) >= 0.8 * sum(v.values())]
    out["agreed"] = len(agreed)
    out["agreed_wrong"] = sum(a != truth[t] for a, t in agreed) / len(agreed) if agreed else None
    with tempfile.TemporaryDirectory() as tmp:
        for method in ["ds", "auto", DEFAULT]:
            report = subprocess.run([assay, "report", os.path.join(folder, "labels.csv"), "--method", method,
                                     "--format", "json", "--bootstrap", "0"], capture_output=True, text=True, check=True)
            errors = [abs(a["estimated_accuracy"] - hits[a["annotator"]] / counts[a["annotator"]])
                      for a in json.loads(report.stdout)["annotators"] if counts.get(a["annotator"], 0) >= 20]
            out[f"mae_{method}"] = sum(errors) / len(errors) if errors else None
            out["annotators"] = len(errors)
        items = os.path.join(tmp, "items.csv")
        subprocess.run([assay, "infer", os.path.join(folder, "labels.csv"), "--method", DEFAULT, "--out", items],
                       capture_output=True, check=True)
        confidences = [float(r["confidence"]) for r in csv.DictReader(open(items, encoding="utf-8"))
                       if r["item"] in truth]
        out["floor"] = noise_floor(confidences)
        out["floor_gold"] = noise_floor(confidences[: round(len(confidences) * 0.95)])
    return out


# Decisions (issue 16): the goals measured by scripts/decisions_harness.sh (seeded simulations and replays on
# $ASSAY_DATASETS), each figure checked against its bar. Goals not met are listed here with the measured reason
# (reported, not failing --check); keep it honest and short.
KNOWN_DECISION_SHORTFALLS = {
    "hierarchy-rmse-datasets": "≥ 30% lower RMSE on 1 of 8 datasets (wsd 66%; dog 14%, product 9%, face 3%, rte 1%, web 0%, "
    "duck −7%, temp −8%): these files have no vendors, so annotators are spread over random pseudo-vendors and the "
    "vendor level carries no information; what is left is shrinkage toward the pool, which gains little where annotators "
    "with ≤ 20 gold labels still give hundreds of labels (their Dawid–Skene estimate is already good). On simulated "
    "vendors, where the vendor level is real, the reduction is 54–61%.",
    "redundancy": "In the 20-order run, 1 of 7 datasets meets both bars (wsd: 80% fewer labels, 0.03 points lost). Stopping at 0.95 on the "
    "hierarchy's posteriors saves 52–92% of the labels on dog, duck, face, rte, temp but loses 0.7–27.5 points: the model "
    "refitted on two labels an item is overconfident, worst on duck and temp (few items, each with many labels); on web "
    "it saves 17%. With calibrated Dawid–Skene as the model (REPLAY_METHOD=cds) the losses fall to 0.3–1.0 points except "
    "duck (9.5) but the savings to 6–62%: still 1 of 7. A stricter target does not rescue it either (10 orders, "
    "REPLAY_TARGET): at 0.99, 1 of 7 (dog 48.9% saved, 0.74 points lost; rte 47.4%, 1.23; duck still 31.3 points "
    "lost); at 0.995, 2 of 7 (dog 41.6%, 0.36 ✔; wsd ✔; rte 40.5%, 0.86; duck 26.8 points lost); 3 labels before the "
    "first stop (REPLAY_INITIAL=3) at 0.99: 1 of 7. On duck the fit on two labels an item (≈ 12 per annotator) is "
    "degenerate whatever the target.",
    "drift-delay": "Over 200 campaigns: median delay 4 deliveries at 2,000 labels a delivery (100 gold labels; 166 of 200 drops found), 7 at "
    "1,000 (50 gold); the bar is met from 5,000 labels a delivery (250 gold labels: median 2, 191 of 200 found), all at "
    "0.5–0.8 false signals per 100 vendor-deliveries. A 7-point drop is 2.2 standard errors of one delivery's 100 gold "
    "labels, and the baseline's own uncertainty (3 deliveries) widens the limits."
    " A longer baseline meets the bar at 100 gold labels a delivery: chosen on the grid (DRIFT_BASELINE=6 scripts/decisions_harness.sh drift-grid 100: λ 0.7, L 2.4 → median 2, 0.67 false signals per 100) and checked on campaigns the grid never saw (DRIFT_SEED_BASE=9000 and 20000, DRIFT_BASELINE=6 DRIFT_LAMBDA=0.7 DRIFT_WIDTH=2.4, 200 campaigns each: median 2 both times, 189 and 185 of 200 found, 0.96 and 0.58 false signals per 100; at 1,000 labels a delivery median 5 and 4; with the default width L 2.5 instead: median 2 both times, 187 and 182 found, 0.62 and 0.50 false signals per 100). The default stays at 3 deliveries: with 6, a vendor is not watched until its seventh delivery with gold (the demo's vendors, with four each, would show no chart), and a baseline that grows with the history would fold an early drift into it; `assay drift --baseline 6 --lambda 0.7` gives the faster setting.",
}


def decisions_section(failures, known):
    """Runs the decisions harness modes and returns the "Decisions" section of EVALUATION.md; appends
    figures below their bars to `failures` (or `known`)."""
    # About 90 s of runs on 2 cores after the harness's release build of AssayCore (2–4 minutes when other builds share
    # the machine); the replay (20 orders on 7 datasets) takes half.
    runs = [("hierarchy", ["20"]), ("redundancy", ["20"]), ("acceptance", ["20000"]), ("drift", ["200"]),
            ("fraud", ["20"]), ("sourcing", ["20"])]
    parts, figures = [], {}
    for mode, extra in runs:
        cmd = ["sh", "scripts/decisions_harness.sh", mode] + extra
        t0 = time.time()
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-2000:]}")
        lines = out.stdout.splitlines()
        for line in lines:
            if line.startswith("FIGURES "):
                figures.update(json.loads(line[len("FIGURES "):]))
        body = "\n".join(l for l in lines if not l.startswith("FIGURES "))
        parts.append((mode, " ".join(cmd[1:]), body, time.time() - t0))
    bars = []

    def bar(key, ok, text):
        bars.append(f"| {key} | {text} | {'✔' if ok else ('✘ (known)' if key in KNOWN_DECISION_SHORTFALLS else '✘')} |")
        if not ok:
            (known if key in KNOWN_DECISION_SHORTFALLS else failures).append(f"decisions/{key}: {text}")

    r = figures["hierarchy_sim_reduction"]
    bar("hierarchy-rmse", r >= 0.30, f"simulation: RMSE of annotators with ≤ 20 gold labels {100 * r:.1f}% below DS (bar ≥ 30%)")
    red = figures["hierarchy_dataset_reduction"]
    met = sorted(n for n, v in red.items() if v >= 0.30)
    bar("hierarchy-rmse-datasets", len(met) * 2 > len(red),
        f"datasets: ≥ 30% lower on {len(met)} of {len(red)} ({', '.join(met) or 'none'}) (bar: most)")
    for key, name in [("hierarchy_vendor_coverage", "vendor"), ("hierarchy_annotator_coverage", "annotator")]:
        c = figures[key]
        bar(f"hierarchy-{name}-coverage", 0.85 <= c <= 0.95, f"{name} 90% intervals cover {100 * c:.1f}% (bar 85–95%)")
    e = figures["sourcing_round3_efficiency"]
    bar("sourcing-efficiency", e >= 0.95, f"round 3: {100 * e:.1f}% of the oracle's correct labels per dollar (bar ≥ 95%)")
    bar("sourcing-caps", figures["sourcing_breaches"] == 0, f"caps breached {figures['sourcing_breaches']} times (bar 0)")
    c = figures["sourcing_coverage"]
    bar("sourcing-coverage", 0.85 <= c <= 0.95, f"90% intervals of expected correct labels cover {100 * c:.1f}% (bar 85–95%)")
    met, total = figures["redundancy_met"], figures["redundancy_datasets"]
    bar("redundancy", met * 2 > total, f"≥ 40% fewer labels with ≤ 0.5 points lost on {met} of {total} datasets (bar: most)")
    n, c = figures["plan_1_5"]
    bar("acceptance-plan", (n, c) == (132, 3), f"AQL 1% / LTPD 5% / α 5% / β 10% → n = {n}, c = {c} (bar 132, 3)")
    sv = figures["sprt_saving"]
    bar("acceptance-sprt", 0.30 <= sv and figures["sprt_risks_ok"],
        f"SPRT audits {100 * sv:.1f}% fewer gold labels, realised risks within α and β: {figures['sprt_risks_ok']} (bar 30–50% fewer)")
    d, fa = figures["drift_median_delay"], figures["drift_false_per_100"]
    bar("drift-delay", d <= 2, f"92% → 85% with 5% gold found after a median {d:g} deliveries (bar ≤ 2)")
    bar("drift-false-alarms", fa <= 1, f"{fa:.2f} false signals per 100 vendor-deliveries (bar ≤ 1)")
    rc, fp = figures["fraud_recall"], figures["fraud_false_pair_rate"]
    bar("fraud-recall", rc >= 0.95, f"clones at 10% noise over ≥ 200 shared items: recall {rc:.3f} (bar ≥ 0.95)")
    bar("fraud-false-positives", fp <= 0.01, f"{100 * fp:.2f}% of other pairs flagged (bar ≤ 1%)")
    titles = {"hierarchy": "Vendors as groups of annotators (hierarchical model)", "redundancy": "Adaptive redundancy (replay)",
              "acceptance": "Delivery acceptance", "drift": "Drift", "fraud": "Fraud and collusion",
              "sourcing": "Sourcing"}
    text = ("\n## Decisions (issue 16)\n\n"
            "Measured by `scripts/decisions_harness.sh MODE` (a Swift harness built in release against this "
            "worktree's AssayCore; seeded simulations and replays on `$ASSAY_DATASETS`), run by this script.\n\n"
            "| goal | measured | bar |\n|---|---|---|\n" + "\n".join(bars) + "\n")
    if KNOWN_DECISION_SHORTFALLS:
        text += "\nKnown shortfalls and their measured reasons:\n\n" + "\n".join(
            f"- {k}: {v}" for k, v in KNOWN_DECISION_SHORTFALLS.items()) + "\n"
    for mode, cmd, body, seconds in parts:
        text += f"\n### {titles[mode]}\n\n`{cmd}` ({seconds:.0f} s wall, 2 shared cores)\n\n{body}\n"
    return text


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
    failures, known, sections, evaluated, calibration = [], [], [], [], {}
    for name in names:
        folder = os.path.join(datasets, name)
        labels_head = open(os.path.join(folder, "labels.csv"), encoding="utf-8").readline()
        peer = peer_results(ref_dir, name)
        if peer is None:
            sections.append(f"### {name}\n\nNot a categorical benchmark (no peer reference in `bench/reference/`); "
                            f"see the typed sections below.\n")
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
        calibration[name] = {m: ours.get(m) for m in ("ds", DEFAULT)}
        auto_note = ours.get("auto", {}).get("note") or ""
        sections.append(f"### {name}\n\n`{' '.join(cmd[:-1])}`\n\n" + "\n".join(rows) +
                        f"\n\nauto: {auto_note}\n")
        evaluated.append(name)
    quality_rows = [annotator_and_calibration(args.assay, os.path.join(datasets, n)) for n in evaluated]
    # Gold-anchored DS vs plain DS on the same 95%, over 10 gold samples (seeds 1-10); the default method
    # with the same gold, scored on the same items.
    gold_stats, gold_default = {}, {}
    for name in evaluated:
        folder = os.path.join(datasets, name)
        diffs, plain_acc, gold_acc, plain_ll, gold_ll, plain_br, gold_br = [], [], [], [], [], [], []
        eces, confident, confident_right = [], 0, 0
        for seed in GOLD_SEEDS:
            g, _ = run_eval(args.assay, folder, ["--methods", f"ds,{DEFAULT}", "--gold-share", "0.05", "--seed", str(seed)])
            p, _ = run_eval(args.assay, folder, ["--methods", "ds", "--gold-share", "0.05", "--seed", str(seed),
                                                 "--withhold-gold"])
            diffs.append(g["ds"]["correct"] - p["ds"]["correct"])
            plain_acc.append(p["ds"]["accuracy"])
            gold_acc.append(g["ds"]["accuracy"])
            plain_ll.append(p["ds"]["log_loss"])
            gold_ll.append(g["ds"]["log_loss"])
            plain_br.append(p["ds"]["brier"])
            gold_br.append(g["ds"]["brier"])
            eces.append(g[DEFAULT]["ece"])
            confident += g[DEFAULT]["confident"]
            confident_right += g[DEFAULT]["confident_correct"]
        gold_stats[name] = (sum(plain_acc) / 10, sum(gold_acc) / 10, sum(diffs) / 10,
                            sum(d > 0 for d in diffs), sum(d < 0 for d in diffs),
                            sum(plain_ll) / 10, sum(gold_ll) / 10, sum(plain_br) / 10, sum(gold_br) / 10)
        gold_default[name] = {"ece": sum(eces) / len(eces), "max": max(eces), "confident": confident,
                              "confident_correct": confident_right}
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
    quality_table = ["| dataset | annotators (≥ 20 labels) | MAE of estimated accuracy, ds | MAE, auto | MAE, cds |",
                     "|---|---:|---:|---:|---:|"]
    for q in quality_rows:
        quality_table.append(f"| {q['name']} | {q['annotators']} | {f(q['mae_ds'])} | {f(q['mae_auto'])} | "
                             f"{f(q['mae_' + DEFAULT])} |")
    quality_section = ("\n## Annotator accuracy without gold\n\n"
                       "Estimated accuracy is the annotator scorecard's figure (`assay report --format json`: the mean "
                       "posterior of the classes the annotator's labels gave), with no gold; the true accuracy is computed from truth.csv over the annotator's labels on "
                       "items with truth. Goal ≤ 0.03.\n\n" + "\n".join(quality_table) + "\n")

    # Calibration of the default method, with its bars.
    floors = {q["name"]: q for q in quality_rows}
    cal_table = ["| dataset | items | ECE ds | ECE cds | noise floor | ≥ 0.99 ds: items, right | ≥ 0.99 cds: items, right "
                 "| labels no annotator gave, ds: items (right) | same, cds | warning | ECE cds, 5% gold (mean, max) "
                 "| ≥ 0.99 cds with gold: items, right | floor on 95% | ≥ 80% of labels agree: items, wrong | bars |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|"]
    stale = []
    def rate(r, n):
        return f"{n}, {r / n:.3f}" if n else "0, —"
    def agreement(q):
        return f"{q['agreed']}, {q['agreed_wrong']:.3f}" if q["agreed"] else "—"
    for name in evaluated:
        ds_row, cds_row = calibration[name]["ds"], calibration[name][DEFAULT]
        gd = gold_default[name]
        misses = []
        if cds_row["ece"] > ECE_BAR:
            misses.append(("ece", f"ECE {cds_row['ece']:.4f} > {ECE_BAR}"))
        if gd["ece"] > GOLD_ECE_BAR:
            misses.append(("gold-ece", f"ECE with 5% gold {gd['ece']:.4f} > {GOLD_ECE_BAR}"))
        if cds_row["confident"] and cds_row["confident_correct"] / cds_row["confident"] < CONFIDENT_BAR:
            misses.append(("confident", f"items at ≥ 0.99 right {cds_row['confident_correct'] / cds_row['confident']:.3f} "
                                        f"< {CONFIDENT_BAR}"))
        marks = []
        for key, text in misses:
            full = f"{name}/{key}"
            if name not in BARRED:
                continue
            if full in KNOWN_CALIBRATION_SHORTFALLS:
                known.append(f"{full}: {text}")
                marks.append(f"✘ {key} (known)")
            else:
                failures.append(f"{full}: {text}")
                marks.append(f"✘ {key}")
        for key in ("ece", "gold-ece", "confident"):
            if f"{name}/{key}" in KNOWN_CALIBRATION_SHORTFALLS and key not in [m[0] for m in misses]:
                stale.append(f"{name}/{key}")
        warned = "yes" if cds_row.get("warnings") else "—"
        cal_table.append(
            f"| {name} | {cds_row['items_scored']} | {ds_row['ece']:.4f} | {cds_row['ece']:.4f} | {floors[name]['floor']:.4f} "
            f"| {rate(ds_row['confident_correct'], ds_row['confident'])} | {rate(cds_row['confident_correct'], cds_row['confident'])} "
            f"| {ds_row['unseen_labels']} ({ds_row['unseen_correct']} of {ds_row['unseen_scored']}) "
            f"| {cds_row['unseen_labels']} ({cds_row['unseen_correct']} of {cds_row['unseen_scored']}) | {warned} "
            f"| {gd['ece']:.4f}, {gd['max']:.4f} | {rate(gd['confident_correct'], gd['confident'])} "
            f"| {floors[name]['floor_gold']:.4f} | {agreement(floors[name])} | {' '.join(marks) if marks else '✔'} |")
    warnings_text = "\n".join(f"- **{n}**: {calibration[n][DEFAULT]['warnings'][0]}" for n in evaluated
                               if calibration[n][DEFAULT].get("warnings"))
    calibration_section = (
        "\n## Calibration of the default method (`cds`)\n\n"
        "`cds` is `Methods.defaultName`. ECE: expected calibration error of the confidence (the predicted class's "
        "posterior) against truth, 15 equal-width bins, every item with truth (a true class no annotator gave "
        "counts as wrong), from `assay eval LABELS --truth TRUTH --json` (`ece`, `confident`, `confident_correct`, "
        "`unseen_labels`, `unseen_correct`). Bars: ECE ≤ 0.05 without gold; ≤ 0.03 with 5% gold (seeds 1–10, "
        "`--gold-share 0.05 --seed S`: the gold is handed to the method and every figure is scored on the other "
        "95% only); items at confidence ≥ 0.99 right ≥ 97% of the time. Noise floor: the mean ECE a perfectly "
        "calibrated predictor with `cds`'s confidences would show on as many items (each item right with "
        "probability equal to its confidence, 200 seeded draws): a bar below it is not measurable there. "
        "'Labels no annotator gave': items whose predicted label none of their annotators gave, and how many of "
        "those with truth are right. Warning: `cds` put a warning in `InferenceResult.warnings` (no gold). "
        "Last column: items with ≥ 4 labels of which ≥ 80% agree, and the share of them whose agreed answer is "
        "wrong — where the crowd is confidently wrong together, no labels-only confidence can be calibrated.\n\n"
        + "\n".join(cal_table) + "\n" + (f"\nWarnings given without gold:\n\n{warnings_text}\n" if warnings_text else "")
        + "\nKnown calibration shortfalls (`KNOWN_CALIBRATION_SHORTFALLS` in scripts/evaluate.py) and their measured "
          "reasons (figures in the notes below):\n\n"
        + "\n".join(f"- {k}: {v}" for k, v in KNOWN_CALIBRATION_SHORTFALLS.items()) + "\n")
    decisions = decisions_section(failures, known)
    t0 = time.time()
    typed_doc, typed_failures, typed_known, typed_stale = evaluate_typed.sections(args.assay, datasets)
    print(f"typed sections: {time.time() - t0:.0f} s", file=sys.stderr)
    failures += typed_failures
    known += typed_known
    stale += typed_stale
    doc = f"""# Evaluation on real datasets

Rewritten by `scripts/evaluate.py` (run by `.ci/run`); do not edit by hand.
Datasets: `$ASSAY_DATASETS` (default `../shared/datasets`), every folder with a `truth.csv` and a peer
reference. Peer figures: crowd-kit 1.4.2 (scikit-learn 1.5.2, pandas 3.1.1, numpy 2.4.6), recorded in
`../shared/bench/reference/NAME.out` with
`run_crowdkit.py datasets/NAME --methods MajorityVote,Wawa,ZeroBasedSkill,GLAD,DawidSkene,OneCoinDawidSkene,MACE,KOS,MMSR --cpu-timeout 900 --json`.

Acceptance bar: every method ≥ its crowd-kit namesake − 0.005 on duck, product, dog, face, rte, temp,
wsd, web (`cds`, the default, against crowd-kit's DawidSkene); `auto` ≥ the best peer method on each
dataset (shortfalls explained below); the default's calibration bars in the calibration section.
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

""" + "\n".join(gold_table) + "\n" + calibration_section + quality_section + decisions + "\n" + typed_doc + "\n" + (
        ("## Result\n\nAll acceptance bars met" + (" except the known shortfalls: " + "; ".join(known) if known else "") + ".\n")
        if not failures else
        "## Result\n\nBelow the bar:\n\n" + "\n".join(f"- {f}" for f in failures) + "\n")
    if os.path.exists("EVALUATION.notes.md"):
        doc += "\n" + open("EVALUATION.notes.md").read()
    open(args.out, "w").write(doc)
    print(f"wrote {args.out}: {len(names)} datasets, {len(failures)} below the bar")
    for f in failures:
        print("BELOW BAR:", f)
    for k in stale:
        print("STALE KNOWN SHORTFALL (bar now met; remove it):", k)
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
