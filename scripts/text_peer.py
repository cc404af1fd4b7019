#!/usr/bin/env python3
# Assay — quality control for human-labelled training data.
"""crowd-kit's ROVER on a free-text dataset folder, with Assay's WER tokenisation.

    .venv-peer/bin/python scripts/text_peer.py ../shared/datasets/crowdspeech --out /tmp/rover.csv

Reads DIR/labels.csv (item or task, worker, label) and DIR/truth.csv, runs crowd-kit ROVER with
tokenizer = Assay's tokenisation (NFKC, lower-case, every character that is not a letter, mark or
digit becomes a space, split) and detokenizer = join with spaces, writes item,text to --out and
prints micro and macro WER (word Levenshtein edits / reference words) and the CPU seconds of
fit_predict. Versions are printed with the figures.
"""
import argparse
import re
import time
import unicodedata

import crowdkit
import pandas as pd
from crowdkit.aggregation import ROVER

# Letters, marks and digits make words (Python's \w without the underscore, plus combining marks).
WORD = re.compile(r"[^\W_]+(?:[\u0300-\u036f][^\W_]*)*")


def tokenize(text):
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


def edits(a, b):
    if len(a) < len(b):
        a, b = b, a
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        diagonal, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (x != y))
    return row[-1]


def word_error_rates(result, truth):
    """Micro WER (total edits / total reference words) and macro WER (mean over references with words)."""
    total_edits = total_words = 0
    rates = []
    for task, reference in zip(truth["task"], truth["truth"]):
        ref = tokenize(reference)
        e = edits(tokenize(result.get(task, "")), ref)
        total_edits += e
        total_words += len(ref)
        if ref:
            rates.append(e / len(ref))
    return total_edits / total_words, sum(rates) / len(rates)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    labels = pd.read_csv(f"{args.folder}/labels.csv", dtype=str, keep_default_na=False)
    truth = pd.read_csv(f"{args.folder}/truth.csv", dtype=str, keep_default_na=False)
    labels.columns = ["task", "worker", "text"]
    truth.columns = ["task", "truth"]
    start = time.process_time()
    result = ROVER(tokenizer=tokenize, detokenizer=lambda words: " ".join(words)).fit_predict(labels)
    cpu = time.process_time() - start
    result.rename("text").rename_axis("item").to_csv(args.out)
    micro, macro = word_error_rates(result, truth)
    print(
        f"crowd-kit {crowdkit.__version__} pandas {pd.__version__} ROVER {args.folder}: "
        f"micro {micro:.4f} macro {macro:.4f} "
        f"items {len(truth)} cpu {cpu:.1f} s"
    )


if __name__ == "__main__":
    main()
