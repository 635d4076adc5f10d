"""Archive backfill: a CC-NEWS-like WARC from `import-archives` to the marts, against the
time to read every record and parse each page once with lexbor, in the same run.

    .venv/bin/python benchmarks/archive_bench.py --mb 500

Builds (once, kept in --workdir) a gzipped WARC of --mb MB of HTML: the extraction
benchmark's pages as off-topic news and the demo corpus's pages as the --dc-share about
data centers (benchmarks/archive_build.py). Then, in one run:

1. floor: every record read (warcio, and FastWARC when installed) and each HTML page
   parsed once with lexbor;
2. readers: warcio alone, FastWARC alone (when installed) and the importer's reader
   (dagster_project.ingest.warc), records only;
3. the pipeline: `dcwatch import-archives --refresh --quiet` (the import, then the refresh
   job, in one process) in a fresh home, with the cheap parsing pass, and (unless
   --no-compare) with DCWATCH_FULL_PARSE=1; MB/s of HTML and of gzip, the ratio to the
   floor, the tables' counts side by side, and whether the scored tables and the marts of
   the two runs are identical row for row;
4. with --workers: parse and score rebuilt with 1, 2 and every core, each count in a
   fresh process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import archive_build  # noqa: E402

COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "  parsed whole (ok)": "SELECT count(*) FROM articles WHERE parse_status = 'ok'",
    "  skipped_offtopic": "SELECT count(*) FROM articles WHERE parse_status = 'skipped_offtopic'",
    "  with a body": "SELECT count(*) FROM articles WHERE body IS NOT NULL",
    "mentions": "SELECT count(*) FROM mentions",
    "article_firm_stance": "SELECT count(*) FROM article_firm_stance",
    "  stance mix": "SELECT string_agg(stance || ' ' || n, ', ' ORDER BY stance) FROM "
    "(SELECT stance, count(*) AS n FROM article_firm_stance GROUP BY stance)",
    "stories": "SELECT count(*) FROM stories",
    "firm_daily": "SELECT count(*) FROM firm_daily",
    "firm_weekly": "SELECT count(*) FROM firm_weekly",
    "alerts": "SELECT count(*) FROM alerts",
}


def _cpu(who: int = resource.RUSAGE_SELF) -> float:
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime


def _timed(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn()`` over ``repeat`` calls."""
    times, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), _cpu()
        fn()
        times.append(time.perf_counter() - start)
        cpus.append(_cpu() - cpu)
    return statistics.median(times), statistics.median(cpus)


def floor_warcio(path: Path) -> int:
    """Read every response with warcio and parse its HTML once with lexbor."""
    from selectolax.lexbor import LexborHTMLParser
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                n += LexborHTMLParser(record.content_stream().read()).body is not None
    return n


def floor_fastwarc(path: Path) -> int:
    """The same with FastWARC reading the records."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType
    from selectolax.lexbor import LexborHTMLParser

    n = 0
    with open(path, "rb") as fh:
        for record in ArchiveIterator(fh, record_types=WarcRecordType.response):
            n += LexborHTMLParser(record.reader.read()).body is not None
    return n


def read_warcio(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        return sum(
            len(r.content_stream().read()) for r in ArchiveIterator(fh) if r.rec_type == "response"
        )


def read_fastwarc(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    with open(path, "rb") as fh:
        records = ArchiveIterator(fh, record_types=WarcRecordType.response)
        return sum(len(r.reader.read()) for r in records)


def read_ours(path: Path) -> int:
    from dagster_project.ingest.warc import archived_pages

    with open(path, "rb") as fh:
        return sum(len(e.body) for e, _ in archived_pages(fh, "bench", path.name) if e is not None)


def has_fastwarc() -> bool:
    try:
        import fastwarc  # noqa: F401
    except ImportError:
        return False
    return True


# What must not change between the cheap pass and every page parsed whole: the scored
# tables and the marts row for row, and every article's fields other than its body, its
# status and (for a skipped page, read from its first part) its language.
SAME = {
    "articles (fields but body, status, language)": "SELECT article_id, version_id, url, "
    "canonical_url, source, title, published_at, updated_at, date_source, author, encoding, "
    "fetched_at FROM articles",
    "mentions": "SELECT * FROM mentions",
    "article_firm_stance": "SELECT * FROM article_firm_stance",
    "firm_daily": "SELECT * FROM firm_daily",
    "firm_weekly": "SELECT * FROM firm_weekly",
    "firm_location_daily": "SELECT * FROM firm_location_daily",
    "alerts": "SELECT * EXCLUDE (first_seen_at) FROM alerts",
}


def pipeline(
    archive: Path, home: Path, full: bool
) -> tuple[dict[str, float], dict[str, str], dict[str, str]]:
    """`dcwatch import-archives --refresh` (the import, then the refresh job, in one process)
    in a fresh home; (step times, counts, a digest of each table of SAME)."""
    import duckdb

    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    sources = home / "sources.yaml"
    sources.write_text(f"sources:\n  - {{name: ccnews, kind: warc, url: '{archive.parent}'}}\n")
    env = {**os.environ, "DCWATCH_HOME": str(home), "DCWATCH_SOURCES": str(sources)}
    env.pop("DCWATCH_LOG", None)
    env["DCWATCH_FULL_PARSE"] = "1" if full else "0"
    dcwatch = str(Path(sys.executable).with_name("dcwatch"))
    args = ["import-archives", "--refresh", "--quiet"]
    start, cpu = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
    done = subprocess.run([dcwatch, *args], env=env, capture_output=True, text=True)
    total = time.perf_counter() - start
    cpu = _cpu(resource.RUSAGE_CHILDREN) - cpu  # the command and its worker processes
    if done.returncode:
        raise SystemExit(f"dcwatch {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    lines = done.stdout.splitlines()
    print("\n".join(f"    {line.strip()}" for line in lines if line.startswith(("  ", "["))))
    # "[1/1] ccnews/…: imported in 9.1s": the import run; the rest is the refresh (and the
    # one start-up of Python, Dagster and the code location, counted with the import)
    imported = sum(float(line.rsplit(" ", 1)[1][:-1]) for line in lines if line.startswith("["))
    refresh = next(float(line.split()[-1][:-1]) for line in lines if "refresh finished" in line)
    times = {"import": total - refresh, "refresh": refresh, "import run": imported, "cpu": cpu}
    con = duckdb.connect(str(home / "dcwatch.duckdb"), read_only=True)
    counts = {k: str(con.execute(q).fetchone()[0]) for k, q in COUNTS.items()}
    digests = {
        k: str(con.execute(f"SELECT count(*), sum(hash(t)) FROM ({q}) t").fetchone())
        for k, q in SAME.items()
    }
    con.close()
    return times, counts, digests


def workers_sweep(home: Path) -> None:
    """Parse and score rebuilt from the home's log with 1, 2 and all cores, each count in
    a fresh process, so that each pays its own start-up and model loads (a count run after
    another in one process would find the Korean model already loaded)."""
    from dagster_project.parse.parallel import worker_count

    cores = worker_count(None)
    print(f"\nworkers (parse and score rebuilt from the log, a fresh process each; {cores} cores)")
    for n in sorted({1, 2, cores}):
        done = subprocess.run(
            [sys.executable, __file__, "--sweep-one", str(n), str(home)],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"the {n}-worker sweep failed:\n{done.stdout}\n{done.stderr}")
        parse_s, score_s = json.loads(done.stdout.splitlines()[-1])
        print(f"  {n} worker(s): parse {parse_s:6.1f}s  score {score_s:6.1f}s")


def sweep_one(n: int, home: Path) -> tuple[float, float]:
    """Seconds to rebuild parse, then score, with ``n`` workers, on a copy of the home's
    warehouse."""
    import duckdb

    from dagster_project.eventlog import EventLog
    from dagster_project.parse.parallel import close_pools
    from dagster_project.parse.project import update_articles
    from dagster_project.score.project import update_mentions

    db = home / f"sweep-{n}.duckdb"
    shutil.copy(home / "dcwatch.duckdb", db)
    try:
        con = duckdb.connect(str(db))
        log = EventLog(home / "events")
        start = time.perf_counter()
        update_articles(con, log, workers=n, rebuild=True)
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        update_mentions(con, rebuild=True, workers=n)
        score_s = time.perf_counter() - start
        con.close()
        close_pools()
    finally:
        db.unlink()
    return parse_s, score_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=500, help="MB of HTML in the archive")
    parser.add_argument("--dc-share", type=float, default=0.015)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dcwatch-archive-bench"))
    parser.add_argument("--repeat", type=int, default=3, help="repeats of the read timings")
    parser.add_argument("--runs", type=int, default=1, help="pipeline runs (median)")
    parser.add_argument("--no-compare", action="store_true", help="skip the full-parse run")
    parser.add_argument("--workers", action="store_true", help="also the 1/2/all-core sweep")
    parser.add_argument("--sweep-one", nargs=2, metavar=("N", "HOME"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.sweep_one:
        print(json.dumps(sweep_one(int(args.sweep_one[0]), Path(args.sweep_one[1]))))
        return 0
    folder = args.workdir / f"archive-{args.mb:g}mb-{args.dc_share:g}"
    archive = folder / "ccnews.warc.gz"
    info_file = folder / "info.json"
    if not archive.exists() or not info_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"building {archive} ...", flush=True)
        info_file.write_text(json.dumps(archive_build.build(archive, args.mb, args.dc_share)))
    info = json.loads(info_file.read_text())
    gz_mb = archive.stat().st_size / 1e6
    html_mb = info["html_mb"]
    print(
        f"archive: {info['pages']:,} pages, {info['on_topic']} about data centers, "
        f"{html_mb:,.0f} MB of HTML, {gz_mb:,.0f} MB gzipped"
    )

    fast = has_fastwarc()
    floors = {"warcio": floor_warcio} | ({"fastwarc": floor_fastwarc} if fast else {})
    print("\nfloor: read every record and parse each page once with lexbor")
    floor_s, floor_cpu = {}, {}
    for name, fn in floors.items():
        floor_s[name], floor_cpu[name] = _timed(lambda fn=fn: fn(archive), args.repeat)
        print(
            f"  {name:<9} {floor_s[name]:6.2f}s  {html_mb / floor_s[name]:6.0f} MB/s of HTML  "
            f"({floor_cpu[name]:.2f} CPU-s)"
        )
    floor = min(floor_s.values())
    floor_cpu_s = min(floor_cpu.values())

    print("\nreaders: records only")
    readers = {"warcio": read_warcio, "ours": read_ours} | (
        {"fastwarc": read_fastwarc} if fast else {}
    )
    for name, fn in readers.items():
        took, _ = _timed(lambda fn=fn: fn(archive), args.repeat)
        print(
            f"  {name:<9} {took:6.2f}s  {html_mb / took:6.0f} MB/s of HTML  "
            f"{gz_mb / took:5.0f} MB/s of gzip"
        )
    if not fast:
        print("  (FastWARC not installed: pip install fastwarc to compare it)")

    runs = {"cheap pass": False} | ({} if args.no_compare else {"full parse": True})
    results = {}
    for label, full in runs.items():
        print(f"\npipeline, {label} (median of {args.runs}):")
        home = args.workdir / f"home-{'full' if full else 'cheap'}"
        done = [pipeline(archive, home, full) for _ in range(args.runs)]
        times = {k: statistics.median(t[k] for t, _, _ in done) for k in done[0][0]}
        total = times["import"] + times["refresh"]
        results[label] = (times, done[-1][1], done[-1][2])
        print(
            f"  import {times['import']:.1f}s (its run {times['import run']:.1f}s) + refresh "
            f"{times['refresh']:.1f}s = {total:.1f}s: {html_mb / total:.1f} MB/s of HTML, "
            f"{gz_mb / total:.1f} MB/s of gzip; {total / floor:.1f}x the floor "
            f"({floor:.2f}s; target <= 5x)"
        )
        print(
            f"  CPU: {times['cpu']:.1f} CPU-s, {times['cpu'] / floor_cpu_s:.1f}x the floor's "
            f"{floor_cpu_s:.2f} CPU-s (on a shared machine, less noisy than the wall clock)"
        )
    print("\ncounts" + "".join(f" | {label}" for label in results))
    for key in COUNTS:
        print(f"  {key:<22}" + "".join(f" | {r[1][key]}" for r in results.values()))
    same = True
    if len(results) == 2:
        cheap, whole = (r[2] for r in results.values())
        differ = [k for k in SAME if cheap[k] != whole[k]]
        print(
            "\ncheap pass against every page parsed whole: "
            + (f"DIFFER in {', '.join(differ)}" if differ else f"identical ({', '.join(SAME)})")
        )
        same = not differ
    if args.workers:
        workers_sweep(args.workdir / "home-cheap")
    cmd = " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv])
    print(f"\nreproduce: {cmd}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
