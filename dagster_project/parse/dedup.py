"""Canonical URLs and story groups: the same story, re-published, counted once.

A wire story re-run by five outlets is one story with four copies, whatever
boilerplate each outlet wraps it in. Exact copies share a content hash; near
copies are found with MinHash over word 3-shingles and LSH banding (16 bands of 4
rows: pairs above ~0.5 Jaccard almost always meet in a band), then confirmed on
the signature before they are joined. Pure numpy/polars, no per-shingle Python.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import polars as pl

TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|gclsrc|dclid|msclkid|yclid|igshid|mc_cid|mc_eid|_ga|_gl|"
    r"ref_src|ref_url|cmpid|ocid|ncid|spm|sr_share|share|from|rss|feed|rssfeed|outputtype|amp)$",
    re.IGNORECASE,
)
HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")
DEFAULT_PORTS = {"http": 80, "https": 443}
NUM_PERM, BANDS = 64, 16
THRESHOLD = 0.5  # estimated Jaccard of word 3-shingles above which two texts are one story
MIN_SHINGLES = 8  # shorter texts are too small to judge: exact matches only
MAX_WORDS = 300


def canonical_url(url: str) -> str:
    """The URL with tracking parameters, fragments, default ports and AMP/mobile variants folded."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    path = re.sub(r"(/amp/?|\.amp(\.html)?|/amp\.html)$", "", parts.path) or "/"
    path = re.sub(r"^/amp/", "/", path)
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)
    )
    if scheme in DEFAULT_PORTS:
        scheme = "https"  # the same article is served on both; http is the older link
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def _content_hash(text: str | None) -> str:
    return hashlib.sha256(" ".join((text or "").split()).encode("utf-8")).hexdigest()


def _shingles(texts: pl.Series) -> pl.DataFrame:
    """(doc, shingle hash) pairs in document order (repeats kept: they do not move a minimum)."""
    words = pl.DataFrame({"doc": np.arange(len(texts)), "t": texts.fill_null("")}).select(
        "doc",
        # The first MAX_WORDS words decide: a copy shares its opening whatever wraps it,
        # and the cost stays flat for long features.
        pl.col("t").str.to_lowercase().str.extract_all(r"\w+").list.head(MAX_WORDS).alias("w"),
    )
    tokens = words.explode("w").drop_nulls("w").with_columns(pl.col("w").hash(seed=7).alias("h"))
    same = pl.col("doc").shift(-2) == pl.col("doc")
    grams = tokens.with_columns(
        pl.struct(pl.col("h"), pl.col("h").shift(-1).alias("h1"), pl.col("h").shift(-2).alias("h2"))
        .hash(seed=11)
        .alias("s")
    ).filter(same)
    return grams.select("doc", "s")


def _signatures(pairs: pl.DataFrame, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures (n_docs x NUM_PERM, uint32) and shingle counts per document."""
    docs = pairs["doc"].to_numpy()
    values = pairs["s"].to_numpy().astype(np.uint64)
    counts = np.bincount(docs, minlength=n_docs)
    sig = np.full((n_docs, NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    if values.size == 0:
        return sig, counts
    starts = np.flatnonzero(np.r_[True, docs[1:] != docs[:-1]])
    rng = np.random.default_rng(20260301)  # fixed: signatures must not change between runs
    a = rng.integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
    for i in range(NUM_PERM):
        # Multiply-shift hashing mod 2**64; the top 32 bits are the permuted value.
        permuted = ((values * a[i] + b[i]) >> np.uint64(32)).astype(np.uint32)
        sig[docs[starts], i] = np.minimum.reduceat(permuted, starts)
    return sig, counts


def _candidate_pairs(sig: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Pairs (i, j) sharing at least one LSH band, with similar signatures."""
    rows = NUM_PERM // BANDS
    idx = np.flatnonzero(usable)
    found = []
    for band in range(BANDS):
        block = np.ascontiguousarray(sig[idx, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        first = np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]
        leader = order[np.maximum.accumulate(np.where(first, np.arange(len(order)), 0))]
        mates = leader != order
        found.append(np.stack([idx[leader[mates]], idx[order[mates]]], axis=1))
    pairs = np.unique(np.concatenate(found), axis=0) if found else np.empty((0, 2), int)
    if len(pairs) == 0:
        return pairs
    similar = (sig[pairs[:, 0]] == sig[pairs[:, 1]]).mean(axis=1) >= THRESHOLD
    return pairs[similar]


def _components(n: int, pairs: np.ndarray) -> np.ndarray:
    parent = np.arange(n)

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs.tolist():
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    return np.array([find(i) for i in range(n)])


def story_groups(articles: pl.DataFrame) -> pl.DataFrame:
    """Group articles into stories: exact copies, near copies and the same canonical URL.

    Takes ``article_id, url, source, title, body`` (and ``published_at`` when present,
    to know which member came first; otherwise input order). Returns ``article_id,
    content_hash, story_id`` (the earliest member's article_id), ``is_copy`` (not the
    earliest member) and ``n_copies`` (members of the story other than the first).
    """
    order = ["published_at", "article_id"] if "published_at" in articles.columns else []
    frame = articles.with_row_index("_in").sort(order or "_in", nulls_last=True)
    n = frame.height
    text = pl.concat_str(
        [pl.col("title").fill_null(""), pl.col("body").fill_null("")], separator=" "
    )
    texts = frame.select(text.alias("t"))["t"]
    hashes = [
        _content_hash(b if b and b.strip() else t)
        for b, t in zip(frame["body"].to_list(), frame["title"].to_list(), strict=True)
    ]
    sig, counts = _signatures(_shingles(texts), n)
    pairs = [_candidate_pairs(sig, counts >= MIN_SHINGLES)]
    empty = [not t.strip() for t in texts.to_list()]
    keyed = pl.DataFrame(
        {
            "i": np.arange(n),
            "h": [None if e else h for h, e in zip(hashes, empty, strict=True)],  # blank != copy
            "u": [canonical_url(u) if u else None for u in frame["url"].to_list()],
        }
    )
    for key in ("h", "u"):
        first = keyed.drop_nulls(key).group_by(key).agg(pl.col("i").min().alias("j"))
        same = keyed.join(first, on=key).filter(pl.col("i") != pl.col("j"))
        pairs.append(same.select("j", "i").to_numpy())
    roots = _components(n, np.concatenate(pairs).astype(np.int64))
    ids = frame["article_id"]
    out = pl.DataFrame(
        {"article_id": ids, "content_hash": hashes, "_root": roots, "_in": frame["_in"]}
    )
    # A component's root is its smallest position in time order: the earliest member.
    out = out.with_columns(
        pl.col("article_id").gather(pl.col("_root")).alias("story_id"),
        (pl.col("_root") != pl.int_range(n)).alias("is_copy"),
        (pl.len().over("_root") - 1).cast(pl.UInt32).alias("n_copies"),
    )
    return out.sort("_in").select("article_id", "content_hash", "story_id", "is_copy", "n_copies")
