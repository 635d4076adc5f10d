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
3. the pipeline: `dcwatch import-archives` then `dcwatch run --quiet` in a fresh home,
   with the cheap parsing pass, and (unless --no-compare) with DCWATCH_FULL_PARSE=1;
   MB/s of HTML and of gzip, the ratio to the floor, the tables' counts side by side;
4. with --workers: parse and score rebuilt in process with 1, 2 and every core.
"""

from __future__ import annotations

import argparse
import json
import os
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


def _timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


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


def pipeline(archive: Path, home: Path, full: bool) -> tuple[dict[str, float], dict[str, str]]:
    """Import the archive and run the refresh job in a fresh home; (step times, counts)."""
    import duckdb

    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    sources = home / "sources.yaml"
    sources.write_text(f"sources:\n  - {{name: ccnews, kind: warc, url: '{archive.parent}'}}\n")
    env = {**os.environ, "DCWATCH_HOME": str(home), "DCWATCH_SOURCES": str(sources)}
    env.pop("DCWATCH_LOG", None)
    env["DCWATCH_FULL_PARSE"] = "1" if full else "0"
    dcwatch = str(Path(sys.executable).with_name("dcwatch"))
    times = {}
    for name, args in (("import", ["import-archives"]), ("refresh", ["run", "--quiet"])):
        start = time.perf_counter()
        done = subprocess.run([dcwatch, *args], env=env, capture_output=True, text=True)
        times[name] = time.perf_counter() - start
        if done.returncode:
            raise SystemExit(f"dcwatch {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        steps = [line for line in done.stdout.splitlines() if line.startswith("  ")]
        print("\n".join(f"    {line.strip()}" for line in steps))
    con = duckdb.connect(str(home / "dcwatch.duckdb"), read_only=True)
    counts = {k: str(con.execute(q).fetchone()[0]) for k, q in COUNTS.items()}
    con.close()
    return times, counts


def workers_sweep(home: Path) -> None:
    """Parse and score rebuilt in process from the home's log with 1, 2 and all cores."""
    import duckdb

    from dagster_project.eventlog import EventLog
    from dagster_project.parse.parallel import close_pools, worker_count
    from dagster_project.parse.project import update_articles
    from dagster_project.score.project import update_mentions

    cores = worker_count(None)
    print(f"\nworkers (parse and score rebuilt from the log; {cores} cores here)")
    for n in sorted({1, 2, cores}):
        db = home / f"sweep-{n}.duckdb"
        shutil.copy(home / "dcwatch.duckdb", db)
        con = duckdb.connect(str(db))
        log = EventLog(home / "events")
        start = time.perf_counter()
        update_articles(con, log, workers=n, rebuild=True)
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        update_mentions(con, rebuild=True, workers=n)
        score_s = time.perf_counter() - start
        con.close()
        close_pools()  # the next count starts its own workers
        db.unlink()
        print(f"  {n} worker(s): parse {parse_s:6.1f}s  score {score_s:6.1f}s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=500, help="MB of HTML in the archive")
    parser.add_argument("--dc-share", type=float, default=0.015)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/dcwatch-archive-bench"))
    parser.add_argument("--repeat", type=int, default=3, help="repeats of the read timings")
    parser.add_argument("--no-compare", action="store_true", help="skip the full-parse run")
    parser.add_argument("--workers", action="store_true", help="also the 1/2/all-core sweep")
    args = parser.parse_args(argv)
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
    floor_s = {}
    for name, fn in floors.items():
        floor_s[name], _ = _timed(lambda fn=fn: fn(archive), args.repeat)
        print(f"  {name:<9} {floor_s[name]:6.2f}s  {html_mb / floor_s[name]:6.0f} MB/s of HTML")
    floor = min(floor_s.values())

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
        print(f"\npipeline, {label}:")
        times, counts = pipeline(
            archive, args.workdir / f"home-{'full' if full else 'cheap'}", full
        )
        total = sum(times.values())
        results[label] = (times, counts)
        print(
            f"  import {times['import']:.1f}s + refresh {times['refresh']:.1f}s = {total:.1f}s: "
            f"{html_mb / total:.1f} MB/s of HTML, {gz_mb / total:.1f} MB/s of gzip; "
            f"{total / floor:.1f}x the floor ({floor:.2f}s; target <= 5x)"
        )
    print("\ncounts" + "".join(f" | {label}" for label in results))
    for key in COUNTS:
        print(f"  {key:<22}" + "".join(f" | {r[1][key]}" for r in results.values()))
    if args.workers:
        workers_sweep(args.workdir / "home-cheap")
    cmd = " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv])
    print(f"\nreproduce: {cmd}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
