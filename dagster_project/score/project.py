"""The score stage's projection: ``mentions`` and ``article_firm_stance`` from ``articles``.

Each article costs a bounded amount: a body over the budget is scored on its headline
and first part and marked ``truncated`` in ``article_score_status``; an article the
scorer raises on is marked ``failed`` there, with the reason, and skipped, so it never
holds up the others (it is tried again at the next rebuild).
"""

from __future__ import annotations

from collections import deque
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
    ok = _to_score(parsed)
    expected = (ok.height, ok.select(NEEDS_KIWI.sum()).item())
    _, mentions, status = next(_score_stream(lambda: [(0, parsed)], how, expected))
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
    store: PartitionStore,
    log: EventLog | None,
    seqs: list[int],
    how: Scoring,
    expected: tuple[int, int] = (0, 0),
) -> Iterator[tuple[int, pl.DataFrame, pl.DataFrame]]:
    """``(seq, *score_partition(parsed_partition(store, log, seq), how))`` for each of
    ``seqs``, in order. The articles of every segment go to the workers as one stream of
    chunks: a chunk holds the articles of several small segments (or part of a large one),
    so the workers share a backfill of segments that each hold few articles to score.
    Each segment's output is still its own: its pieces are scored apart from the others'
    and joined in order. ``expected``: about how many articles the segments hold, and how
    many of them need the Korean model, to size the chunks (``parallel.chunk_rows``) and to
    choose whether those go first (``_chunks``)."""
    yield from _score_stream(
        lambda: ((seq, parsed_partition(store, log, seq)) for seq in seqs), how, expected
    )


# Articles that need the Korean model (about 5 CPU-s to load in each process that scores
# one): scored in chunks of their own, so that a backfill holding few of them loads the
# model in one worker, not in every one.
NEEDS_KIWI = (pl.col("lang") == "ko").fill_null(False)
# A lane's chunk waits for more articles while at most this many chunks of the other lane
# go out; then it goes as it is (segments wait on it for their whole output).
HOLD_CHUNKS = 4


Segments = Callable[[], Iterable[tuple[int, pl.DataFrame]]]


@dataclass(frozen=True)
class _Chunk:
    """One worker's share: pieces ``(seq, articles)`` of one or more segments, each scored
    on its own."""

    pieces: tuple[tuple[int, pl.DataFrame], ...]

    @property
    def height(self) -> int:  # what the chunk counts for on a progress bar
        return sum(piece.height for _, piece in self.pieces)


@dataclass
class _Lane:
    pieces: list[tuple[int, pl.DataFrame]]
    size: int = 0
    others_sent: int = 0  # chunks of the other lane sent since this one's first piece

    def cut(self, articles: pl.DataFrame, rows: int) -> list[pl.DataFrame]:
        """``articles`` in pieces that fill this lane's chunks of ``rows`` in turn."""
        cuts, start, room = [], 0, rows - self.size
        while start < articles.height:
            cuts.append(articles.slice(start, room))
            start, room = start + room, rows
        return cuts

    def take(self) -> _Chunk:
        chunk = _Chunk(tuple(self.pieces))
        self.pieces, self.size, self.others_sent = [], 0, 0
        return chunk


def _to_score(parsed: pl.DataFrame) -> pl.DataFrame:
    """The articles of a parsed partition that are scored: each one's latest version in it
    that parsed whole, by id."""
    latest = parsed.unique("article_id", keep="last", maintain_order=True).sort("article_id")
    return latest.filter(pl.col("parse_status") == "ok")


def _kiwi_first(segments: Segments, rows: int) -> dict[int, pl.DataFrame]:
    """The articles that need the Korean model, by segment, when they fit one chunk
    (``rows``), else none: a first pass over the segments."""
    first, n = {}, 0
    for seq, parsed in segments():
        ok = _to_score(parsed)
        korean = ok.filter(ok.select(NEEDS_KIWI).to_series())
        if korean.height:
            first[seq], n = korean, n + korean.height
        if n > rows:
            return {}
    return first


def _chunks(
    segments: Segments,
    rows: int,
    order: deque[int],
    total: dict[int, int],
    kiwi_first: bool = False,
) -> Iterator[_Chunk]:
    """Cut the articles to score of each ``(seq, parsed)`` of ``segments()``, one segment
    after another, into chunks of ``rows`` articles, those that need the Korean model apart
    from the others (see ``NEEDS_KIWI``, ``HOLD_CHUNKS``); a segment with none still sends
    one empty piece. As each segment is read, its seq is appended to ``order`` and its
    number of pieces set in ``total``. With ``kiwi_first``, a first pass gathers the
    articles that need the Korean model into one chunk sent before all others, when they
    fit one: that worker loads the model while the others score the rest."""
    first = _kiwi_first(segments, rows) if kiwi_first else {}
    if first:
        yield _Chunk(tuple(first.items()))
    lanes = {True: _Lane([]), False: _Lane([])}
    for seq, parsed in segments():
        ok = _to_score(parsed)
        needs = ok.select(NEEDS_KIWI).to_series()
        cuts = [
            (k, p)
            for k in (True, False)
            if not (k and seq in first)  # already sent
            for p in lanes[k].cut(ok.filter(needs == k), rows)
        ]
        if not cuts and seq not in first:
            cuts = [(False, ok.clear())]
        order.append(seq)
        total[seq] = len(cuts) + (seq in first)
        for kiwi, piece in cuts:
            lane, other = lanes[kiwi], lanes[not kiwi]
            lane.pieces.append((seq, piece))
            lane.size += piece.height
            if lane.size >= rows:
                yield lane.take()
                if other.pieces:
                    other.others_sent += 1
                    if other.others_sent >= HOLD_CHUNKS:
                        yield other.take()
    for lane in (lanes[True], lanes[False]):  # the Korean model's first: it loads longest
        if lane.pieces:
            yield lane.take()


def _score_stream(
    segments: Segments, how: Scoring, expected: tuple[int, int]
) -> Iterator[tuple[int, pl.DataFrame, pl.DataFrame]]:
    articles, korean = expected
    rows = chunk_rows(articles, how.batch_rows, how.workers)
    order: deque[int] = deque()
    total: dict[int, int] = {}
    done: dict[int, list[tuple[pl.DataFrame, pl.DataFrame] | None]] = {}
    # a first pass only pays when the Korean ones fit one chunk, and workers share the rest
    first = how.workers > 1 and 0 < korean <= rows
    chunks = _chunks(segments, rows, order, total, first)
    score = partial(_score_pieces, scorer=how.scorer)
    for scored in score_chunks(score, chunks, how.workers):
        for seq, piece in scored:
            done.setdefault(seq, []).append(
                None if piece is None else (piece[1], _status_rows(piece[0], piece[2], how.version))
            )
        while order and len(done.get(order[0], ())) == total[order[0]]:
            seq = order.popleft()
            parts = [p for p in done.pop(seq) if p is not None]
            del total[seq]
            yield seq, *_joined(parts)


def _joined(parts: list[tuple[pl.DataFrame, pl.DataFrame]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One segment's mentions and status from its pieces', by article as one batch gives
    them (an article is in one piece only: a stable sort by id restores the order)."""
    mentions = pl.concat([pl.DataFrame(schema=MENTION_SCHEMA), *(m for m, _ in parts)])
    status = pl.concat([pl.DataFrame(schema=STATUS_SCHEMA), *(s for _, s in parts)])
    return (
        mentions.sort("article_id", maintain_order=True),
        status.sort("article_id", maintain_order=True),
    )


def _score_pieces(
    chunk: _Chunk, scorer: Scorer
) -> list[tuple[int, tuple[pl.DataFrame, pl.DataFrame, dict[str, str]] | None]]:
    """``(seq, _score_chunk(piece))`` for each piece of ``chunk`` (``None`` for an empty
    one), in a worker."""
    return [
        (seq, _score_chunk(piece, scorer) if piece.height else None) for seq, piece in chunk.pieces
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


def _expected(con: duckdb.DuckDBPyConnection, seqs: list[int]) -> tuple[int, int]:
    """About how many articles the segments ``seqs`` hold to score, and how many of them
    need the Korean model (those whose latest version is there; a segment's older versions
    of later articles come on top)."""
    if not seqs:
        return 0, 0
    found = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE lang = 'ko') FROM articles "
        "WHERE parse_status = 'ok' AND event_seq IN (SELECT unnest(?::BIGINT[]))",
        [seqs],
    ).fetchone()
    return (int(found[0]), int(found[1])) if found else (0, 0)


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
