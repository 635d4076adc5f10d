"""Canonical URLs and story groups: the same story, re-published, counted once.

A wire story re-run by five outlets is one story with four copies, whatever
boilerplate each outlet wraps it in. Exact copies share a content hash; near
copies are found with MinHash over word 3-shingles and LSH banding (16 bands of 4
rows: pairs above ~0.5 Jaccard almost always meet in a band), then confirmed on
the signature before they are joined. Being one story is a property of two texts
alone, so the groups do not depend on which articles came first or together.
Pure numpy/polars, no per-shingle Python.
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
FINGERPRINT_ROWS = 2_000  # texts shingled at once


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


def near_pairs(sig: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Pairs (i, j) of usable signatures that connect every two near copies: signatures
    that share an LSH band and agree on at least THRESHOLD of their values. Every pair in
    a bucket counts (not only its first member), so the groups depend on pairs of texts
    alone and the incremental grouping in ``parse/stories.py`` finds the same ones; a pair
    already joined through others is not checked again (a story of hundreds of copies
    would otherwise cost hundreds squared)."""
    n = len(sig)
    idx = np.flatnonzero(usable)
    if idx.size < 2:
        return np.empty((0, 2), np.int64)
    # Identical signatures are one text: join them to their first, then bucket one of each.
    _, first, inverse = np.unique(sig[idx], axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    found = [np.stack([idx[first[inverse]], idx], axis=1)[first[inverse] != np.arange(idx.size)]]
    reps = idx[np.sort(first)]
    keys = band_keys(sig[reps])
    orders = [np.argsort(keys[:, band], kind="stable") for band in range(BANDS)]
    label = components(n, np.concatenate(found))
    for gap in range(1, len(reps)):
        candidates = []
        for band, order in enumerate(orders):
            sorted_keys = keys[order, band]
            at = np.flatnonzero(sorted_keys[gap:] == sorted_keys[:-gap])
            candidates.append(np.stack([reps[order[at]], reps[order[at + gap]]], axis=1))
        pairs = np.concatenate(candidates)
        if len(pairs) == 0:
            break
        pairs = pairs[label[pairs[:, 0]] != label[pairs[:, 1]]]
        if len(pairs) == 0:
            continue
        pairs = np.unique(np.sort(pairs, axis=1), axis=0)
        found.append(pairs[near_copies(sig[pairs[:, 0]], sig[pairs[:, 1]])])
        label = components(n, np.concatenate(found))
    return np.concatenate(found).astype(np.int64)


def band_keys(sig: np.ndarray) -> np.ndarray:
    """One 64-bit key per LSH band of each signature (n x BANDS, uint64). Two signatures
    that share a band share its key; a shared key is confirmed with :func:`near_copies`."""
    rows = NUM_PERM // BANDS
    halves = np.ascontiguousarray(sig).view(np.uint64).reshape(len(sig), BANDS, rows // 2)
    with np.errstate(over="ignore"):
        key = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        for k in range(rows // 2):
            key = (key ^ halves[:, :, k]) * np.uint64(0xBF58476D1CE4E5B9)
            key ^= key >> np.uint64(31)
    return key


def near_copies(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each row of signatures ``a`` is a near copy of the same row of ``b``: they
    share an LSH band exactly and agree on at least THRESHOLD of the signature."""
    rows = NUM_PERM // BANDS
    equal = a == b
    share = equal.reshape(len(a), BANDS, rows).all(axis=2).any(axis=1)
    return share & (equal.mean(axis=1) >= THRESHOLD)


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Connected components of ``n`` nodes joined by ``pairs``: each node's label is the
    smallest node of its component (hooking roots to the smaller, then pointer jumping)."""
    label = np.arange(n)
    if len(pairs) == 0:
        return label
    i, j = pairs[:, 0], pairs[:, 1]
    while True:
        li, lj = label[i], label[j]
        low = np.minimum(li, lj)
        new = label.copy()
        np.minimum.at(new, li, low)
        np.minimum.at(new, lj, low)
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return label
        label = new


def fingerprints(articles: pl.DataFrame) -> tuple[pl.DataFrame, np.ndarray, np.ndarray]:
    """What grouping needs of each article, in input order: ``content_hash``, ``hash_key``
    (the hash, NULL for a blank article: blank is no copy), ``url_key`` (canonical URL),
    and the MinHash signatures with each text's shingle count."""
    text = pl.concat_str(
        [pl.col("title").fill_null(""), pl.col("body").fill_null("")], separator=" "
    )
    texts = articles.select(text.alias("t"))["t"]
    n = texts.len()
    hashes = [
        _content_hash(b if b and b.strip() else t)
        for b, t in zip(articles["body"].to_list(), articles["title"].to_list(), strict=True)
    ]
    empty = [not t.strip() for t in texts.to_list()]
    # A slice of texts at a time: their exploded words, not the bodies, set the peak.
    parts = [
        _signatures(
            _shingles(texts.slice(start, FINGERPRINT_ROWS)), min(FINGERPRINT_ROWS, n - start)
        )
        for start in range(0, n, FINGERPRINT_ROWS)
    ] or [_signatures(_shingles(texts), 0)]
    sig = np.concatenate([part[0] for part in parts])
    counts = np.concatenate([part[1] for part in parts])
    keys = pl.DataFrame(
        {
            "article_id": articles["article_id"],
            "content_hash": hashes,
            "hash_key": [None if e else h for h, e in zip(hashes, empty, strict=True)],
            "url_key": [canonical_url(u) if u else None for u in articles["url"].to_list()],
        },
        schema={k: pl.String for k in ("article_id", "content_hash", "hash_key", "url_key")},
    )
    return keys, sig, counts


def same_key_pairs(keys: pl.DataFrame) -> np.ndarray:
    """Pairs (first, other) of rows of ``keys`` with the same hash_key or url_key."""
    keyed = keys.with_row_index("i").with_columns(pl.col("i").cast(pl.Int64))
    pairs = [np.empty((0, 2), np.int64)]
    for key in ("hash_key", "url_key"):
        first = keyed.drop_nulls(key).group_by(key).agg(pl.col("i").min().alias("j"))
        same = keyed.join(first, on=key).filter(pl.col("i") != pl.col("j"))
        pairs.append(same.select("j", "i").to_numpy().astype(np.int64))
    return np.concatenate(pairs)


def story_groups(articles: pl.DataFrame) -> pl.DataFrame:
    """Group articles into stories: exact copies, near copies and the same canonical URL.

    Takes ``article_id, url, source, title, body`` (and ``published_at`` when present,
    to know which member came first; otherwise input order). Returns ``article_id,
    content_hash, story_id`` (the earliest member's article_id), ``is_copy`` (not the
    earliest member) and ``n_copies`` (members of the story other than the first).
    This is the whole-table grouping; ``parse/stories.py`` keeps the same groups
    incrementally.
    """
    order = ["published_at", "article_id"] if "published_at" in articles.columns else []
    frame = articles.with_row_index("_in").sort(order or "_in", nulls_last=True)
    n = frame.height
    keys, sig, counts = fingerprints(frame)
    pairs = [near_pairs(sig, counts >= MIN_SHINGLES), same_key_pairs(keys)]
    roots = components(n, np.concatenate(pairs).astype(np.int64))
    out = pl.DataFrame(
        {
            "article_id": frame["article_id"],
            "content_hash": keys["content_hash"],
            "_root": roots,
            "_in": frame["_in"],
        }
    )
    # A component's root is its smallest position in time order: the earliest member.
    out = out.with_columns(
        pl.col("article_id").gather(pl.col("_root")).alias("story_id"),
        (pl.col("_root") != pl.int_range(n)).alias("is_copy"),
        (pl.len().over("_root") - 1).cast(pl.UInt32).alias("n_copies"),
    )
    return out.sort("_in").select("article_id", "content_hash", "story_id", "is_copy", "n_copies")
