#!/usr/bin/env python3
"""The peers' side of bench/throughput.sh: the same jobs as newsdesk, on the same files.

Run with the peers' Python ($HOME/.cache/newsdesk-peers/bin/python); one job per process so
that /usr/bin/time -v gives each its own peak RSS.

  peer_throughput.py sklearn  --peers DIR --train CORPUS_DIR --big BIG.jsonl --out R.json
  peer_throughput.py fasttext --peers DIR --train CORPUS_DIR --big BIG.jsonl --out R.json
  peer_throughput.py textrank --peers DIR --big SAMPLE.jsonl --out R.json [--sentences 3]

sklearn:  TF-IDF (1-2 grams, sublinear tf, the peers' normalisation) + LinearSVC, trained on the
          training set first (not timed), then vectorise + predict over BIG in batches.
fastText: supervised, word bigrams, 25 epochs, lr 1.0 (the classification benchmark's setting),
          trained first (not timed), then the peers' preprocessing + batch predict over BIG.
textrank: sumy TextRank, each record to --sentences sentences, exactly as the peers'
          sum_baselines.py does it (their sentence splitter and tokenizer, Snowball stemmer,
          stop words by language); run on a fixed sample because it is slow.

Timing (time.perf_counter): "compute_s" is the job itself (vectorise + predict, or split +
summarise), "read_s" the JSON parsing of the input, kept apart so that both the job alone and
the whole run can be compared with newsdesk (whose whole-process time includes its reading).
"compute_cpu_s" (time.process_time) is the CPU time of the job, less sensitive than wall time to
other load on a shared machine.
"""

import argparse
import glob
import json
import os
import sys
import time

BATCH = 2000


def read_batches(path):
    """Yield (texts, langs, seconds spent parsing) per batch of BATCH records."""
    texts, langs, t = [], [], 0.0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            t0 = time.perf_counter()
            if line.strip():
                r = json.loads(line)
                title = r.get("title")
                texts.append(f"{title.strip()}\n{r['text']}" if title and title.strip() else r["text"])
                langs.append(r.get("lang"))
            t += time.perf_counter() - t0
            if len(texts) >= BATCH:
                yield texts, langs, t
                texts, langs, t = [], [], 0.0
    if texts:
        yield texts, langs, t


def training_set(corpus):
    files = sorted(glob.glob(os.path.join(corpus, "*.jsonl"))) if os.path.isdir(corpus) else [corpus]
    texts, labels = [], []
    for p in files:
        with open(p, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    r = json.loads(line)
                    title = r.get("title")
                    texts.append(f"{title.strip()}\n{r['text']}" if title and title.strip() else r["text"])
                    labels.append(r.get("label") or r["labels"][0])
    if not texts:
        sys.exit(f"error: no training records in {corpus}")
    return texts, labels


def run_stream(big, predict_batch):
    n = nbytes = 0
    read_s = compute_s = compute_cpu_s = 0.0
    counts = {}
    for texts, _langs, t in read_batches(big):
        read_s += t
        t0, c0 = time.perf_counter(), time.process_time()
        pred = predict_batch(texts)
        compute_s += time.perf_counter() - t0
        compute_cpu_s += time.process_time() - c0
        n += len(texts)
        nbytes += sum(len(x.encode("utf-8")) for x in texts)
        for p in pred:
            counts[str(p)] = counts.get(str(p), 0) + 1
    return {"records": n, "text_bytes": nbytes, "read_s": read_s, "compute_s": compute_s,
            "compute_cpu_s": compute_cpu_s, "predicted": counts}


def job_sklearn(a):
    import clf_baselines as cb
    from sklearn.svm import LinearSVC

    texts, labels = training_set(a.train)
    vec = cb.make_vectorizer(argparse.Namespace(no_normalise=False, min_df=1))
    clf = LinearSVC(C=1.0, random_state=0)
    t0 = time.perf_counter()
    clf.fit(vec.fit_transform(texts), labels)
    train_s = time.perf_counter() - t0
    res = run_stream(a.big, lambda batch: clf.predict(vec.transform(batch)))
    return {"job": "tfidf+linearsvc predict", "train_s": train_s, "n_train": len(texts),
            "n_features": len(vec.vocabulary_), **res}


def job_fasttext(a):
    import tempfile

    import clf_baselines as cb
    import fasttext

    texts, labels = training_set(a.train)
    t0 = time.perf_counter()
    tmp = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    try:
        with tmp:
            for x, y in zip(texts, labels):
                tmp.write(f"{cb.ft_label(y)} {cb.ft_text(x)}\n")
        model = fasttext.train_supervised(input=tmp.name, wordNgrams=2, epoch=25, lr=1.0, dim=100, minCount=1,
                                          loss="softmax", bucket=2_000_000, thread=1, seed=0, verbose=0)
    finally:
        os.unlink(tmp.name)
    train_s = time.perf_counter() - t0

    def predict(batch):
        labs, _ = model.predict([cb.ft_text(x) for x in batch], k=1)
        return [l[0] if l else "" for l in labs]

    res = run_stream(a.big, predict)
    return {"job": "fasttext predict", "train_s": train_s, "n_train": len(texts), **res}


def job_textrank(a):
    import peer_common as pc
    import sum_baselines as sb

    res = sb.LangResources(stem=True)
    recs = []
    for texts, langs, _ in read_batches(a.big):
        for x, l in zip(texts, langs):
            recs.append((x, l or pc.record_lang({"text": x})))
    for lang in sorted({l for _, l in recs}):  # build stemmers and stop lists before timing
        res.get(lang)
    t0, c0 = time.perf_counter(), time.process_time()
    chosen = 0
    for x, l in recs:
        chosen += len(sb.summarise("textrank", x, l, res, a.sentences)) > 0
    compute_s = time.perf_counter() - t0
    compute_cpu_s = time.process_time() - c0
    return {"job": f"sumy textrank k={a.sentences}", "records": len(recs),
            "text_bytes": sum(len(x.encode("utf-8")) for x, _ in recs), "read_s": 0.0, "compute_s": compute_s,
            "compute_cpu_s": compute_cpu_s, "non_empty": chosen, "PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("job", choices=("sklearn", "fasttext", "textrank"))
    ap.add_argument("--peers", required=True, help="the peers' script folder")
    ap.add_argument("--train", help="training JSONL file or folder of JSONL files (sklearn, fasttext)")
    ap.add_argument("--big", required=True, help="input JSONL")
    ap.add_argument("--sentences", type=int, default=3)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.peers))
    if a.job != "textrank" and not a.train:
        ap.error("--train is required for sklearn and fasttext")
    out = {"sklearn": job_sklearn, "fasttext": job_fasttext, "textrank": job_textrank}[a.job](a)
    out["OMP_NUM_THREADS"] = os.environ.get("OMP_NUM_THREADS")
    with open(a.out, "w", encoding="utf-8") as fh:
        json.dump(out, fh, indent=1)
    print(json.dumps({k: v for k, v in out.items() if k != "predicted"}))


if __name__ == "__main__":
    main()
