"""The ``stories`` projection, kept incrementally: only new and changed articles are read.

Each grouped article leaves its fingerprint in ``story_index`` (content hash, canonical
URL, MinHash signature) and its LSH band keys in ``story_bands``. A refresh fingerprints
the articles that are new or have a new version, links them to the stories of the index
through shared hashes, URLs and band keys (``parse/story_links.py``: one member per story
and band, not every pair), and regroups only the stories those touch. The groups are
those of :func:`dagster_project.parse.dedup.story_groups` over the whole table, because
being one story is a property of pairs: the components do not depend on the order the
articles arrived in. A rebuild is the same walk from an empty index, in chunks, so no
more than ``chunk_rows`` bodies and one slice of candidates are held at once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from dagster_project.checkpoints import ProjectionStats, get_state, set_state, transaction
from dagster_project.parse import dedup, story_links
from dagster_project.parse.dedup import MIN_SHINGLES, NUM_PERM
from dagster_project.parse.stories_memory import release_freed_memory
from dagster_project.warehouse import frame, insert_frame

STORIES_VERSION = "dedup-" + hashlib.sha256(Path(dedup.__file__).read_bytes()).hexdigest()[:10]
INDEX_TABLES = ("stories", "story_index", "story_bands")
NO_EDGES = pl.DataFrame(schema={"a": pl.String, "b": pl.String})
STORY_SCHEMA = {
    "article_id": pl.String,
    "story_id": pl.String,
    "content_hash": pl.String,
    "is_copy": pl.Boolean,
    "n_copies": pl.Int32,
}
# Articles whose grouping is stale: new, a new version, or parsed by another parser.
PENDING = """
    SELECT a.article_id FROM articles a LEFT JOIN story_index i USING (article_id)
    WHERE a.parse_status = 'ok' AND (i.article_id IS NULL OR i.version_id <> a.version_id
          OR i.parser_version <> a.parser_version)
"""
# Index rows that no longer stand for a parsed article's current version.
STALE = """
    SELECT i.article_id FROM story_index i LEFT JOIN articles a USING (article_id)
    WHERE a.article_id IS NULL OR a.parse_status <> 'ok' OR i.version_id <> a.version_id
          OR i.parser_version <> a.parser_version
"""


def update_stories(
    con: duckdb.DuckDBPyConnection, rebuild: bool = False, chunk_rows: int = 10_000
) -> ProjectionStats:
    """Bring ``stories`` up to date with ``articles`` (parsed ones), reading only the
    bodies of new or changed articles; with ``rebuild`` (or new grouping code) regroup
    everything. One transaction: until it commits the previous stories answer."""
    _, version = get_state(con, "stories")
    rebuilt = rebuild or version != STORIES_VERSION
    with transaction(con):
        if rebuilt:
            before = frame(con, "SELECT article_id, story_id FROM stories")
            for table in INDEX_TABLES:
                con.execute(f"DELETE FROM {table}")
        stale = frame(con, STALE)["article_id"]
        broken = _stories_of(con, stale)
        _drop(con, stale)
        edges, pending = [NO_EDGES], frame(con, PENDING)["article_id"]
        roots = story_links.Roots()
        con.register("_broken", pl.DataFrame({"story_id": broken}).to_arrow())
        try:
            for start in range(0, pending.len(), chunk_rows):
                # What the last chunk (or the step before) freed goes back to the system,
                # so the resident set follows one chunk, not the history read so far.
                release_freed_memory()
                edges.append(_add_chunk(con, roots, pending.slice(start, chunk_rows)))
        finally:
            con.unregister("_broken")
        release_freed_memory()
        found = pl.concat(edges, how="vertical_relaxed")
        rows = _regroup(con, broken, found["b"], pending, stale, found)
        if not rebuilt:
            before = _current(con, rows["article_id"], stale)
        _write(con, rows, stale, before)
        set_state(con, "stories", 0, STORIES_VERSION)
    return ProjectionStats(
        "stories", STORIES_VERSION, rebuilt, 0, 0, pending.len() + stale.len(), rows.height
    )


def _ids(con: duckdb.DuckDBPyConnection, name: str, ids: pl.Series) -> None:
    con.register(name, pl.DataFrame({"article_id": ids}, schema={"article_id": pl.String}))


def _stories_of(con: duckdb.DuckDBPyConnection, ids: pl.Series) -> pl.Series:
    _ids(con, "_ids", ids)
    out = frame(con, "SELECT DISTINCT story_id FROM stories JOIN _ids USING (article_id)")
    con.unregister("_ids")
    return out["story_id"]


def _drop(con: duckdb.DuckDBPyConnection, ids: pl.Series) -> None:
    if ids.is_empty():
        return
    _ids(con, "_ids", ids)
    for table in ("story_index", "story_bands"):
        con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _ids)")
    con.unregister("_ids")


def _add_chunk(
    con: duckdb.DuckDBPyConnection, roots: story_links.Roots, ids: pl.Series
) -> pl.DataFrame:
    """Fingerprint one chunk of pending articles, join them in ``roots`` to each other and
    to the stories of the index they are copies of, then add them to the index. Returns
    the edges that joined two sets, as (a, b) article ids."""
    _ids(con, "_ids", ids)
    arts = frame(
        con,
        "SELECT article_id, version_id, parser_version, url, title, body, published_at "
        "FROM articles JOIN _ids USING (article_id)",
    )
    con.unregister("_ids")
    keys, sig, counts = dedup.fingerprints(arts)
    usable = counts >= MIN_SHINGLES
    local = np.concatenate([dedup.near_pairs(sig, usable), dedup.same_key_pairs(keys)])
    aid = keys["article_id"]
    a, b = aid.gather(local[:, 0]), aid.gather(local[:, 1])
    edges = story_links.link_pairs(roots, a, b, b)
    edges += story_links.link_same_key(con, roots, keys)
    rows = np.flatnonzero(usable)
    band_keys = dedup.band_keys(sig[rows])
    edges += story_links.link_near(con, roots, aid, sig, band_keys, rows)[0]
    bands = pl.DataFrame(
        {
            "band_key": band_keys.ravel(),
            "article_id": np.repeat(aid.gather(rows).to_numpy(), dedup.BANDS),
        },
        schema={"band_key": pl.UInt64, "article_id": pl.String},
    )
    index = keys.with_columns(
        version_id=arts["version_id"],
        parser_version=arts["parser_version"],
        published_at=arts["published_at"],
        signature=pl.Series(
            [s.tobytes() if u else None for s, u in zip(sig, usable, strict=True)], dtype=pl.Binary
        ),
    )
    insert_frame(con, "story_index", index)
    insert_frame(con, "story_bands", bands)
    return pl.DataFrame(edges, schema=NO_EDGES.schema, orient="row")


def _regroup(
    con: duckdb.DuckDBPyConnection,
    broken: pl.Series,
    touched: pl.Series,
    pending: pl.Series,
    stale: pl.Series,
    edges: pl.DataFrame,
) -> pl.DataFrame:
    """The stories rows of every article whose story may have changed: the pending
    articles and every member of a story they reach or that lost a member."""
    affected = pl.concat([broken, _stories_of(con, touched)]).unique()
    con.register("_s", pl.DataFrame({"story_id": affected}, schema={"story_id": pl.String}))
    _ids(con, "_stale", stale)
    members = frame(
        con,
        "SELECT s.article_id, s.story_id FROM stories s JOIN _s USING (story_id) "
        "WHERE s.article_id NOT IN (SELECT article_id FROM _stale)",
    )
    con.unregister("_s")
    con.unregister("_stale")
    # A story that lost no member is still one component: tie its members to its first.
    intact = members.filter(~pl.col("story_id").is_in(broken.implode()))
    parts = [edges, intact.select(a="story_id", b="article_id")]
    parts.append(_edges_within(con, members.filter(pl.col("story_id").is_in(broken.implode()))))
    nodes = pl.concat([members["article_id"], pending]).unique().to_frame("article_id")
    _ids(con, "_ids", nodes["article_id"])
    nodes = frame(
        con,
        "SELECT article_id, published_at, content_hash FROM story_index JOIN _ids "
        "USING (article_id) ORDER BY published_at NULLS LAST, article_id",
    ).with_row_index("i")
    con.unregister("_ids")
    at = nodes.select("article_id", pl.col("i").cast(pl.Int64))
    pairs = (
        pl.concat(parts, how="vertical_relaxed")
        .join(at.rename({"article_id": "a", "i": "ia"}), on="a")
        .join(at.rename({"article_id": "b", "i": "ib"}), on="b")
        .select("ia", "ib")
        .to_numpy()
    )
    # Nodes are in time order, so a component's smallest node is its earliest member.
    roots = dedup.components(nodes.height, pairs.astype(np.int64).reshape(-1, 2))
    return nodes.with_columns(root=pl.Series(roots)).select(
        "article_id",
        story_id=pl.col("article_id").gather(pl.col("root")),
        content_hash="content_hash",
        is_copy=pl.col("root") != pl.col("i").cast(pl.Int64),
        n_copies=(pl.len().over("root") - 1).cast(pl.Int32),
    )


def _edges_within(con: duckdb.DuckDBPyConnection, members: pl.DataFrame) -> pl.DataFrame:
    """Edges among the remaining members of stories that lost one, from their index rows."""
    if members.is_empty():
        return NO_EDGES
    _ids(con, "_ids", members["article_id"])
    rows = frame(
        con,
        "SELECT article_id, hash_key, url_key, signature FROM story_index JOIN _ids "
        "USING (article_id)",
    )
    con.unregister("_ids")
    blank = np.full(NUM_PERM, np.iinfo(np.uint32).max, np.uint32).tobytes()
    usable = rows["signature"].is_not_null().to_numpy()
    raw = b"".join(s or blank for s in rows["signature"].to_list())
    sig = np.frombuffer(raw, np.uint32).reshape(-1, NUM_PERM)
    pairs = np.concatenate([dedup.near_pairs(sig, usable), dedup.same_key_pairs(rows)])
    aid = rows["article_id"]
    return pl.DataFrame({"a": aid.gather(pairs[:, 0]), "b": aid.gather(pairs[:, 1])})


def _current(con: duckdb.DuckDBPyConnection, ids: pl.Series, stale: pl.Series) -> pl.DataFrame:
    _ids(con, "_ids", pl.concat([ids, stale]))
    out = frame(con, "SELECT article_id, story_id FROM stories JOIN _ids USING (article_id)")
    con.unregister("_ids")
    return out


def _write(
    con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, stale: pl.Series, before: pl.DataFrame
) -> None:
    """Replace the stories rows of ``rows`` (and drop those of ``stale`` articles no longer
    parsed), and note every article whose story_id changed for the marts."""
    _ids(con, "_ids", pl.concat([rows["article_id"], stale]))
    con.execute("DELETE FROM stories WHERE article_id IN (SELECT article_id FROM _ids)")
    con.unregister("_ids")
    insert_frame(con, "stories", rows.cast(STORY_SCHEMA).select(list(STORY_SCHEMA)))  # type: ignore[arg-type]
    changed = (
        before.join(rows.select("article_id", "story_id"), on="article_id", how="full")
        .filter(pl.col("story_id").ne_missing(pl.col("story_id_right")))
        .select(pl.coalesce("article_id", "article_id_right").alias("article_id"))
    )
    insert_frame(con, "story_changes", changed)
