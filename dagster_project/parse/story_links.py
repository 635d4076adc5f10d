"""Links from a chunk of new articles to the story index, found without listing every pair.

Being one story is the connected component of the pairs that are copies, so a pair
whose two articles are already joined through others need not be checked. A refresh
keeps a union-find (:class:`Roots`) over labels: an index article's label is its
story's id when that story is intact (its members are known to be connected), else its
own id. A new article is compared, in each LSH band bucket it falls into, with one
member per story there (the first by article id); only where that one is not a near
copy are the next members of that story fetched, in slices that grow fourfold, until
one is a copy or the story's members in the bucket run out. The groups are exactly the
whole-table ones; what is held is one slice of candidates at a time, not every pair
that shares a band (which grows with the square of the history when texts repeat).
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
import polars as pl

from dagster_project.parse import dedup
from dagster_project.parse.dedup import NUM_PERM
from dagster_project.warehouse import frame, sql_text

BATCH_ROWS = 50_000  # candidate rows held at once (each carries a 256-byte signature)
FIRST_SLICE, GROWTH = 1, 4
BANDS_PER_QUERY = 4  # of 16: DuckDB's window covers a quarter of story_bands
WANT_SCHEMA = {
    "article_id": pl.String,
    "band": pl.Int16,
    "band_key": pl.UInt64,
    "target": pl.String,
}


class Roots:
    """Union-find over string labels (article or story ids)."""

    def __init__(self) -> None:
        self._id: dict[str, int] = {}
        self._name: list[str] = []
        self._parent: list[int] = []

    def _node(self, label: str) -> int:
        node = self._id.get(label)
        if node is None:
            node = self._id[label] = len(self._name)
            self._name.append(label)
            self._parent.append(node)
        return node

    def _find(self, node: int) -> int:
        parent = self._parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving
            node = parent[node]
        return node

    def find(self, label: str) -> str:
        """The label that stands for ``label``'s set."""
        node = self._id.get(label)
        return label if node is None else self._name[self._find(node)]

    def union(self, a: str, b: str) -> bool:
        """Join the sets of ``a`` and ``b``; False when they were one already."""
        ra, rb = self._find(self._node(a)), self._find(self._node(b))
        if ra == rb:
            return False
        self._parent[max(ra, rb)] = min(ra, rb)
        return True

    def moved(self) -> pl.DataFrame:
        """(label, root) of every label that is no longer its own root."""
        roots = [self._find(n) for n in range(len(self._name))]
        pairs = [(self._name[n], self._name[r]) for n, r in enumerate(roots) if n != r]
        return pl.DataFrame(pairs, schema={"label": pl.String, "root": pl.String}, orient="row")


def link_pairs(roots: Roots, a: pl.Series, b: pl.Series, labels: pl.Series) -> list[tuple]:
    """Join each ``a`` to the set of ``labels`` (``b``'s story); the (a, b) that joined two sets."""
    return [
        (x, y)
        for x, y, label in zip(a.to_list(), b.to_list(), labels.to_list(), strict=True)
        if roots.union(x, label)
    ]


def link_same_key(con: duckdb.DuckDBPyConnection, roots: Roots, keys: pl.DataFrame) -> list[tuple]:
    """Join the new articles ``keys`` (article_id, hash_key, url_key) to the indexed story
    with the same content hash or canonical URL. Needs ``_broken`` registered."""
    con.register("_new", keys.select("article_id", "hash_key", "url_key").to_arrow())
    con.register("_moved", roots.moved().to_arrow())
    try:
        same = frame(con, sql_text("stories/same_key"))
    finally:
        con.unregister("_new")
        con.unregister("_moved")
    return link_pairs(roots, same["a"], same["b"], same["root"])


def link_near(
    con: duckdb.DuckDBPyConnection,
    roots: Roots,
    aid: pl.Series,
    sig: np.ndarray,
    band_keys: np.ndarray,
    rows: np.ndarray,
    batch_rows: int = BATCH_ROWS,
) -> tuple[list[tuple], int]:
    """Join the new articles ``aid[rows]`` (signatures ``sig``, keys ``band_keys``, one row
    per entry of ``rows``) to every indexed story holding a near copy of them; returns the
    (new, indexed) article pairs that joined two sets and how many candidates were
    compared. Needs ``_broken`` registered."""
    at = dict(zip(aid.to_list(), range(len(aid)), strict=True))
    want = pl.DataFrame(
        {
            "article_id": np.repeat(aid.gather(rows).to_numpy(), dedup.BANDS),
            "band": np.tile(np.arange(dedup.BANDS, dtype=np.int16), len(rows)),
            "band_key": band_keys.ravel(),
            "target": None,
        },
        schema=WANT_SCHEMA,
    )
    found: list[tuple] = []
    compared, low, high = 0, 0, FIRST_SLICE
    while want.height:
        # Roots as of now, for the new articles (root) and in _moved for the index: the
        # ranks of a round number the members of each story as it stands at its start.
        want = want.with_columns(
            root=pl.Series([roots.find(a) for a in want["article_id"]], dtype=pl.String)
        )
        con.register("_moved", roots.moved().to_arrow())
        unresolved: list[tuple] = []
        try:
            # A few bands at a time: the index side of each query is a part of story_bands.
            parts = want.with_columns(part=pl.col("band") // BANDS_PER_QUERY)
            for part in parts.partition_by("part", include_key=False):
                for batch in _candidates(con, part, low, high, batch_rows):
                    compared += batch.height
                    ok = dedup.near_copies(
                        sig[[at[a] for a in batch["a"].to_list()]], _signatures(batch)
                    )
                    more = (batch["rank"] == high) & (batch["members"] > high)
                    for a, b, label, band, key, good, cut in zip(
                        *(batch[c] for c in ("a", "b", "root", "band", "band_key")),
                        ok,
                        more,
                        strict=True,
                    ):
                        if good and roots.union(a, label):
                            found.append((a, b))
                        elif cut and not good:
                            unresolved.append((a, band, key, label))
        finally:
            con.unregister("_moved")
        # Stories not reached yet whose members in the bucket are not all tried.
        still = [
            (a, n, k, roots.find(t)) for a, n, k, t in unresolved if roots.find(a) != roots.find(t)
        ]
        want = pl.DataFrame(still, schema=WANT_SCHEMA, orient="row").unique()
        low, high = high, high * GROWTH
    return found, compared


def _signatures(batch: pl.DataFrame) -> np.ndarray:
    raw = np.frombuffer(b"".join(batch["signature"].to_list()), np.uint32)
    return raw.reshape(-1, NUM_PERM)


def _candidates(
    con: duckdb.DuckDBPyConnection, want: pl.DataFrame, low: int, high: int, batch_rows: int
) -> Iterator[pl.DataFrame]:
    # The keys go in as their bits in a signed column: DuckDB 1.x pushes join filters into
    # an Arrow scan as Python ints, which overflow on UBIGINT values above 2**63.
    bits = want.with_columns(pl.col("band_key").reinterpret(signed=True))
    con.register("_want", bits.to_arrow())
    try:
        cur = con.execute(sql_text("stories/near_candidates"), [low, high])
        reader = getattr(cur, "to_arrow_reader", None) or cur.fetch_record_batch
        for batch in reader(batch_rows):
            yield pl.from_arrow(batch)  # type: ignore[misc]
    finally:
        con.unregister("_want")
