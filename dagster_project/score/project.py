"""The score stage's projection: ``mentions`` and ``article_firm_stance`` from ``articles``.

Each article costs a bounded amount: a body over the budget is scored on its headline
and first part and marked ``truncated`` in ``article_score_status``; an article the
scorer raises on is marked ``failed`` there, with the reason, and skipped, so it never
holds up the others (it is tried again at the next rebuild).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

import duckdb
import polars as pl

from dagster_project.checkpoints import (
    Plan,
    ProjectionStats,
    batch,
    plan,
    rebuilding,
    set_state,
)
from dagster_project.eventlog import EventLog
from dagster_project.parse import PARSER_VERSION
from dagster_project.parse.project import parsed_partition
from dagster_project.partitions import SCORED, PartitionStore, beside
from dagster_project.score import MENTION_SCHEMA, SCORER_VERSION, aggregate_stances, score_articles
from dagster_project.score.budget import MAX_ARTICLE_CHARS, within_budget
from dagster_project.score.parallel import chunk_rows, close_pools, score_chunks, worker_count
from dagster_project.warehouse import frame, insert_frame

Scorer = Callable[[pl.DataFrame], pl.DataFrame]
STATUS_SCHEMA = {
    "article_id": pl.String,
    "status": pl.String,
    "reason": pl.String,
    "body_chars": pl.Int64,
    "scorer_version": pl.String,
}


def update_mentions(
    con: duckdb.DuckDBPyConnection,
    batch_rows: int = 2000,
    scorer: Scorer = score_articles,
    version: str = SCORER_VERSION,
    rebuild: bool = False,
    store: PartitionStore | None = None,
    log: EventLog | None = None,
    workers: int | None = None,
) -> ProjectionStats:
    """Score articles changed since the checkpoint into ``mentions`` and ``article_firm_stance``.

    Each log segment holding the latest version of a changed article is scored as one
    partition (its parsed output, every article's latest version in it), written to
    ``store`` and reused when it is already there (with ``rebuild``, scored afresh). The
    partitions to score go to the workers as one stream of chunks that may span segments
    (``score_partitions``), so small segments keep every worker busy.
    ``scorer`` and ``version`` default to the package's rule set; a different pair (a
    candidate rule set) rebuilds the projection from the parsed outputs and keeps both
    versions' verdicts in ``stance_history``. A rebuild replaces the tables in one
    transaction. ``log`` is read only for a parsed output that is missing. ``workers``:
    processes for the package's scorer (default ``DCWATCH_WORKERS``, else one per core).
    """
    store = store or beside(con, log)
    p = plan(con, "mentions", version, rebuild)
    # the package's scorer runs on every core; a candidate rule set passed in, in process
    procs = worker_count(workers) if scorer is score_articles else 1
    how = Scoring(scorer, version, batch_rows, procs)
    try:
        with rebuilding(con, "mentions", p):
            return _update_mentions(con, p, store, log, how, rebuild)
    finally:
        close_pools()  # scoring is the last step that needs the workers and their models


@dataclass(frozen=True)
class Scoring:
    """Which rules score a partition, under which version, in batches of how many articles."""

    scorer: Scorer = score_articles
    version: str = SCORER_VERSION
    batch_rows: int = 2000
    workers: int = 1


def score_partition(parsed: pl.DataFrame, how: Scoring) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mentions and score status (``truncated``, ``failed``) of one parsed partition: each
    article's latest version in it, in batches of ``how.batch_rows``. A pure function of
    the parsed rows and the rules."""
    _, mentions, status = next(_score_stream([(0, parsed)], how, _to_score(parsed).height))
    return mentions, status


def scored_partition(
    store: PartitionStore, log: EventLog | None, seq: int, how: Scoring, fresh: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The scored output of segment ``seq``: reused when these rules and this parser already
    wrote it (unless ``fresh``), else scored from the parsed output and written."""
    key = (how.version, PARSER_VERSION)
    if not fresh and store.exists(SCORED, key, seq, "status"):
        return store.read(SCORED, key, seq, "mentions"), store.read(SCORED, key, seq, "status")
    mentions, status = score_partition(parsed_partition(store, log, seq), how)
    _write_scored(store, key, seq, mentions, status)
    return mentions, status


def score_partitions(
    store: PartitionStore, log: EventLog | None, seqs: list[int], how: Scoring, expected: int = 0
) -> Iterator[tuple[int, pl.DataFrame, pl.DataFrame]]:
    """``(seq, *score_partition(parsed_partition(store, log, seq), how))`` for each of
    ``seqs``, in order. The articles of every segment go to the workers as one stream of
    chunks: a chunk holds the articles of several small segments (or part of a large one),
    so the workers share a backfill of segments that each hold few articles to score.
    Each segment's output is still its own: its pieces are scored apart from the others'
    and joined in order. ``expected``: about how many articles the segments hold, to size
    the chunks (``parallel.chunk_rows``)."""
    parsed = ((seq, parsed_partition(store, log, seq)) for seq in seqs)
    yield from _score_stream(parsed, how, expected)


@dataclass(frozen=True)
class _Chunk:
    """One worker's share: pieces ``(seq, articles, last)`` of one or more segments, each
    scored on its own (``last`` marks a segment's final piece)."""

    pieces: tuple[tuple[int, pl.DataFrame, bool], ...]

    @property
    def height(self) -> int:  # what the chunk counts for on a progress bar
        return sum(piece.height for _, piece, _ in self.pieces)


def _to_score(parsed: pl.DataFrame) -> pl.DataFrame:
    """The articles of a parsed partition that are scored: each one's latest version in it
    that parsed whole, by id."""
    latest = parsed.unique("article_id", keep="last", maintain_order=True).sort("article_id")
    return latest.filter(pl.col("parse_status") == "ok")


def _chunks(parsed: Iterable[tuple[int, pl.DataFrame]], rows: int) -> Iterator[_Chunk]:
    """Cut the articles to score of each ``(seq, parsed)``, one segment after another, into
    chunks of ``rows`` articles; a segment with none still sends an empty last piece."""
    pieces: list[tuple[int, pl.DataFrame, bool]] = []
    size = 0
    for seq, frame_ in parsed:
        ok = _to_score(frame_)
        start = 0
        while True:
            piece = ok.slice(start, rows - size)
            start += piece.height
            last = start >= ok.height
            pieces.append((seq, piece, last))
            size += piece.height
            if size >= rows:
                yield _Chunk(tuple(pieces))
                pieces, size = [], 0
            if last:
                break
    if pieces:
        yield _Chunk(tuple(pieces))


def _score_stream(
    parsed: Iterable[tuple[int, pl.DataFrame]], how: Scoring, expected: int
) -> Iterator[tuple[int, pl.DataFrame, pl.DataFrame]]:
    rows = chunk_rows(expected, how.batch_rows, how.workers)
    found, statuses = [pl.DataFrame(schema=MENTION_SCHEMA)], [pl.DataFrame(schema=STATUS_SCHEMA)]
    score = partial(_score_pieces, scorer=how.scorer)
    for scored in score_chunks(score, _chunks(parsed, rows), how.workers):
        for seq, last, piece in scored:
            if piece is not None:
                chunk_ok, mentions, failed = piece
                found.append(mentions)
                statuses.append(_status_rows(chunk_ok, failed, how.version))
            if last:
                yield seq, pl.concat(found, how="vertical"), pl.concat(statuses, how="vertical")
                found = [pl.DataFrame(schema=MENTION_SCHEMA)]
                statuses = [pl.DataFrame(schema=STATUS_SCHEMA)]


def _score_pieces(
    chunk: _Chunk, scorer: Scorer
) -> list[tuple[int, bool, tuple[pl.DataFrame, pl.DataFrame, dict[str, str]] | None]]:
    """``(seq, last, _score_chunk(piece))`` for each piece of ``chunk`` (``None`` for an
    empty one), in a worker."""
    return [
        (seq, last, _score_chunk(piece, scorer) if piece.height else None)
        for seq, piece, last in chunk.pieces
    ]


def _write_scored(
    store: PartitionStore,
    key: tuple[str, str],
    seq: int,
    mentions: pl.DataFrame,
    status: pl.DataFrame,
) -> None:
    store.write(SCORED, key, seq, mentions, "mentions")
    store.write(SCORED, key, seq, status, "status")  # written last: it marks the output whole


def _update_mentions(
    con: duckdb.DuckDBPyConnection,
    p: Plan,
    store: PartitionStore,
    log: EventLog | None,
    how: Scoring,
    fresh: bool,
) -> ProjectionStats:
    start = p.start
    # The segments that hold the latest version of an article changed since the checkpoint;
    # each article is loaded from the partition of its latest version only.
    seqs = [
        int(r[0])
        for r in con.execute(
            "SELECT DISTINCT event_seq FROM articles WHERE event_seq > ? ORDER BY 1", [start]
        ).fetchall()
    ]
    last = max([start, *seqs])
    rows_in = rows_out = 0
    key = (how.version, PARSER_VERSION)
    missing = [seq for seq in seqs if fresh or not store.exists(SCORED, key, seq, "status")]
    # the missing outputs are scored as one stream of chunks over the workers, in order
    computed = score_partitions(store, log, missing, how, _expected(con, missing))
    todo = set(missing)
    for seq in seqs:
        ids = frame(
            con, "SELECT article_id FROM articles WHERE event_seq = ? ORDER BY article_id", [seq]
        )
        if seq in todo:
            _, mentions, status = next(computed)
            _write_scored(store, key, seq, mentions, status)
        else:
            mentions = store.read(SCORED, key, seq, "mentions")
            status = store.read(SCORED, key, seq, "status")
        keep = pl.col("article_id").is_in(ids["article_id"].implode())
        mentions, status = mentions.filter(keep), status.filter(keep)
        with batch(con, p):
            _replace(con, ids, how.version, mentions, aggregate_stances(mentions), status)
        rows_in += ids.height
        rows_out += mentions.height
    with batch(con, p):
        set_state(con, "mentions", last, how.version)
        con.execute(
            "INSERT INTO scorer_versions SELECT ?, now() WHERE NOT EXISTS "
            "(SELECT 1 FROM scorer_versions WHERE scorer_version = ?)",
            [how.version, how.version],
        )
    return ProjectionStats("mentions", how.version, p.rebuilt, start, last, rows_in, rows_out)


def _expected(con: duckdb.DuckDBPyConnection, seqs: list[int]) -> int:
    """About how many articles the segments ``seqs`` hold to score (those whose latest
    version is there; a segment's older versions of later articles come on top)."""
    if not seqs:
        return 0
    found = con.execute(
        "SELECT count(*) FROM articles WHERE parse_status = 'ok' AND event_seq IN "
        "(SELECT unnest(?::BIGINT[]))",
        [seqs],
    ).fetchone()
    return int(found[0]) if found else 0


def _score_chunk(
    chunk: pl.DataFrame, scorer: Scorer
) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    ok = within_budget(chunk.filter(pl.col("parse_status") == "ok"))
    mentions, failed = score_isolated(ok.select("article_id", "lang", "title", "body"), scorer)
    return ok.drop("title", "body"), mentions, failed


def score_isolated(articles: pl.DataFrame, scorer: Scorer) -> tuple[pl.DataFrame, dict[str, str]]:
    """Mentions of `articles`, and {article_id: reason} for those the scorer raised on.
    A batch that raises is halved until the articles at fault stand alone, so one bad
    article costs a few extra passes, not its batch."""
    mentions, failed = _halving(articles, scorer)
    if failed and len(failed) == articles.height > 1:
        # every article failing says the scorer cannot run (a missing model, no memory),
        # not that the articles are bad: fail the run rather than skip them all
        raise RuntimeError(
            f"the scorer failed on all {articles.height} articles of a batch: "
            f"{next(iter(failed.values()))}"
        )
    return mentions, failed


def _halving(articles: pl.DataFrame, scorer: Scorer) -> tuple[pl.DataFrame, dict[str, str]]:
    try:
        return scorer(articles), {}
    except Exception as exc:  # noqa: BLE001 - any error of one article must not stop the rest
        if articles.height <= 1:
            ids = articles["article_id"].to_list()
            return pl.DataFrame(schema=MENTION_SCHEMA), {i: _reason(exc) for i in ids}
    half = articles.height // 2
    left, right = (_halving(part, scorer) for part in (articles[:half], articles[half:]))
    return pl.concat([left[0], right[0]]), {**left[1], **right[1]}


def _reason(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"scorer error: {type(exc).__name__}: {first}"[:300]


def _status_rows(ok: pl.DataFrame, failed: dict[str, str], version: str) -> pl.DataFrame:
    truncated = ok.filter(pl.col("truncated") & ~pl.col("article_id").is_in(list(failed))).select(
        "article_id",
        status=pl.lit("truncated"),
        reason=pl.lit(
            f"body over {MAX_ARTICLE_CHARS:,} characters: scored on the headline "
            f"and the first {MAX_ARTICLE_CHARS:,}"
        ),
        body_chars="body_chars",
    )
    failures = ok.filter(pl.col("article_id").is_in(list(failed))).select(
        "article_id",
        status=pl.lit("failed"),
        reason=pl.col("article_id").replace_strict(failed, return_dtype=pl.String),
        body_chars="body_chars",
    )
    both = pl.concat([truncated, failures]).with_columns(scorer_version=pl.lit(version))
    return both.cast(STATUS_SCHEMA).select(list(STATUS_SCHEMA))  # type: ignore[arg-type]


def _replace(
    con: duckdb.DuckDBPyConnection,
    ids: pl.DataFrame,
    version: str,
    mentions: pl.DataFrame,
    stances: pl.DataFrame,
    status: pl.DataFrame,
) -> None:
    """Replace the rows of the articles in `ids` (inside the caller's transaction)."""
    con.register("_ids", ids.to_arrow())
    for table in ("mentions", "article_firm_stance", "article_score_status"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _ids)")
    con.execute(
        "DELETE FROM stance_history WHERE scorer_version = ? AND article_id IN "
        "(SELECT article_id FROM _ids)",
        [version],
    )
    con.unregister("_ids")
    insert_frame(con, "mentions", mentions)
    insert_frame(con, "article_firm_stance", stances)
    insert_frame(con, "article_score_status", status)
    insert_frame(
        con,
        "stance_history",
        stances.select(
            "scorer_version",
            "article_id",
            "firm",
            "stance",
            "score",
            "confidence",
            "evidence",
            "location",
        ),
    )
