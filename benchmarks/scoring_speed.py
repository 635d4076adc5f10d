"""Scoring throughput on a generated corpus.

    .venv/bin/python benchmarks/scoring_speed.py [N] [--runs R] [--seed S]

Builds N articles (half Korean, half English) of ~12 sentences each from templates:
most sentences name no firm (they are dropped by the polars prefilter), some name a
firm without a data center (cheap 'mentioned' path), some hold a stance (full analysis,
Kiwi for Korean). Prints sentences/s and articles/s (wall clock, and per CPU-second),
the median of R timed runs after one warm-up run (the warm-up loads the Kiwi model).

    .venv/bin/python benchmarks/scoring_speed.py --sweep 90,180,360

Times one article per size (KiB): a single paragraph with no sentence end, English and
Korean clauses naming a firm and a data center every ~40 characters (thousands of firm
mentions in one "sentence"), and prints seconds per size and per 100 KiB, which stay
flat when the cost is linear in the text size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dagster_project.score import SCORER_VERSION, aggregate_stances, score_articles  # noqa: E402
from dagster_project.score.sentences import split_sentences  # noqa: E402

KO_FIRMS = [
    "구글",
    "오픈AI",
    "마이크로소프트",
    "AWS",
    "메타",
    "오라클",
    "엔비디아",
    "애플",
    "앤트로픽",
]
EN_FIRMS = [
    "Google",
    "OpenAI",
    "Microsoft",
    "AWS",
    "Meta",
    "Oracle",
    "Nvidia",
    "Apple",
    "Anthropic",
]
KO_PLACES = ["서울", "부산", "울산", "춘천", "인천", "일본 도쿄", "싱가포르"]
EN_PLACES = ["Seoul", "Busan", "Ulsan", "Korea", "Japan", "Singapore", "Texas"]
KO_STANCE = [
    "{f}은 {p}에 데이터센터를 짓기로 했다.",
    "{f}가 {p} 데이터센터 설립을 검토하고 있는 것으로 알려졌다.",
    "{f}는 {p}에 데이터센터를 지을 계획이 없다고 밝혔다.",
    "{f}는 {p}에서 데이터센터를 운영하고 있다.",
    "정부는 {f}에 {p} 데이터센터를 지으라고 요구했다.",
    "{f}와 달리 네이버는 {p}에 데이터센터를 증설한다.",
]
KO_MENTION = [
    "{f}는 새 AI 모델을 공개했다.",
    "{f}의 주가가 3% 올랐다.",
    "업계는 {f}의 다음 수를 지켜보고 있다.",
]
KO_NOISE = [
    "올해 국내 클라우드 시장은 두 자릿수 성장이 예상된다.",
    "전력망 확충을 둘러싼 논의가 이어지고 있다.",
    "지방자치단체들은 투자 유치 경쟁에 나섰다.",
    "전문가들은 규제 완화가 필요하다고 지적했다.",
    "이날 행사에는 업계 관계자 200여 명이 참석했다.",
    "관련 법안은 다음 달 국회에 상정될 예정이다.",
]
EN_STANCE = [
    "{f} will build a data center in {p}, the company said.",
    "{f} is reportedly weighing a data center in {p}.",
    "{f} has no plans to build a data center in {p}.",
    "{f} operates two data centers in {p}.",
    "Regulators urged {f} to open a data center in {p}.",
    "Unlike {f}, Naver is expanding its {p} data center.",
]
EN_MENTION = [
    "{f} released a new model on Tuesday.",
    "{f} shares rose 3% in early trading.",
    "Analysts are watching {f} closely.",
]
EN_NOISE = [
    "Cloud spending in the region is expected to grow this year.",
    "Power grid upgrades remain a concern.",
    "Local governments are competing for investment.",
    "Experts called for lighter regulation.",
    "About 200 people attended the event.",
    "The bill is expected to reach parliament next month.",
]


def corpus(n: int, seed: int) -> pl.DataFrame:
    """N generated articles: article_id, lang, title, body."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        ko = i % 2 == 0
        firms, places = (KO_FIRMS, KO_PLACES) if ko else (EN_FIRMS, EN_PLACES)
        stance, mention, noise = (
            (KO_STANCE, KO_MENTION, KO_NOISE) if ko else (EN_STANCE, EN_MENTION, EN_NOISE)
        )
        sentences = [rnd.choice(noise) for _ in range(8)]
        sentences += [rnd.choice(mention).format(f=rnd.choice(firms)) for _ in range(2)]
        sentences += [
            rnd.choice(stance).format(f=rnd.choice(firms), p=rnd.choice(places)) for _ in range(2)
        ]
        rnd.shuffle(sentences)
        title = rnd.choice(noise)
        rows.append((f"bench-{i:06d}", "ko" if ko else "en", title, " ".join(sentences)))
    return pl.DataFrame(rows, schema=["article_id", "lang", "title", "body"], orient="row")


SWEEP_FRAGMENTS = [
    "{f} will build a data center in {p}, ",
    "{f} ruled out a data center in {p} and ",
    "{k}는 {q}에 데이터센터를 짓고 ",
    "{f} operates two data centers in {p}; ",
]


def one_paragraph(kib: int) -> str:
    """A single paragraph of about `kib` KiB (UTF-8) with no sentence end."""
    parts, size, i = [], 0, 0
    while size < kib * 1024:
        part = SWEEP_FRAGMENTS[i % len(SWEEP_FRAGMENTS)].format(
            f=EN_FIRMS[i % len(EN_FIRMS)],
            p=EN_PLACES[i % len(EN_PLACES)],
            k=KO_FIRMS[i % len(KO_FIRMS)],
            q=KO_PLACES[i % len(KO_PLACES)],
        )
        parts.append(part)
        size += len(part.encode())
        i += 1
    return "".join(parts)


def sweep(sizes: list[int]) -> None:
    """Seconds to score one single-paragraph article of each size."""
    score_articles(corpus(2, 1))  # warm-up: Kiwi model load
    print(f"scorer {SCORER_VERSION}")
    for kib in sizes:
        body = one_paragraph(kib)
        article = pl.DataFrame(
            {"article_id": ["big"], "lang": ["en"], "title": ["Data centers"], "body": [body]}
        )
        t0 = time.perf_counter()
        out = score_articles(article)
        took = time.perf_counter() - t0
        print(
            f"{kib:>5} KiB, {len(body):,} chars: {took:7.2f}s ({took * 100 / kib:.2f}s per 100 KiB)"
            f", {out.height} mention rows",
            flush=True,
        )
    print(
        "reproduce: .venv/bin/python benchmarks/scoring_speed.py --sweep "
        + ",".join(map(str, sizes))
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", nargs="?", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sweep", help="sizes in KiB of one single-paragraph article, e.g. 90,180,360"
    )
    args = parser.parse_args()
    if args.sweep:
        sweep([int(k) for k in args.sweep.split(",")])
        return
    frame = corpus(args.n, args.seed)
    n_sentences = split_sentences(frame).height
    aggregate_stances(score_articles(frame.head(50)))  # warm-up: Kiwi model load
    times, cpu, mentions = [], [], 0
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        out = score_articles(frame)
        aggregate_stances(out)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        mentions = out.height
    med, med_cpu = statistics.median(times), statistics.median(cpu)
    print(f"scorer {SCORER_VERSION}")
    print(
        f"{args.n} articles, {n_sentences} sentences, {mentions} mention rows; runs: "
        + ", ".join(f"{t:.3f}s" for t in times)
    )
    print(
        f"median {med:.3f}s: {n_sentences / med:,.0f} sentences/s, {args.n / med:,.0f} articles/s"
    )
    # CPU time (all threads of this process) is steadier than wall time on a shared machine
    print(
        f"median CPU {med_cpu:.3f}s: {n_sentences / med_cpu:,.0f} sentences/CPU-s, "
        f"{args.n / med_cpu:,.0f} articles/CPU-s"
    )
    print(
        "reproduce: .venv/bin/python benchmarks/scoring_speed.py "
        f"{args.n} --runs {args.runs} --seed {args.seed}"
    )


if __name__ == "__main__":
    main()
