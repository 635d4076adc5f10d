"""``dcwatch explain ARTICLE [--firm F]``: why a firm has its stance in an article."""

from __future__ import annotations

import argparse
import sys
import textwrap

from dagster_project.cli.query import open_reader
from dagster_project.score import SCORER_VERSION
from dagster_project.score.explain import explain_article

_QUOTES = str.maketrans("", "", "\"“”‘’'")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "explain",
        help="why a firm has its stance in an article: the sentences read and the decision",
        description=(
            "Re-read one article (by its URL or article_id) and show, per firm, every "
            "sentence that names it with the stance read there, its cue, holder, negation, "
            "tense, modality and place, then which sentence decided and why."
        ),
    )
    p.add_argument("article", help="the article's URL or article_id (see `dcwatch query`)")
    p.add_argument("--firm", help="only this firm id (google, openai, …)")
    p.add_argument("--db", help="database file (default: $DCWATCH_HOME/dcwatch.duckdb)")
    p.set_defaults(func=cmd_explain)


def cmd_explain(args: argparse.Namespace) -> int:
    try:
        with open_reader(args.db) as con:
            row = con.execute(
                "SELECT article_id, url, title, lang, body, published_day FROM articles "
                "WHERE article_id = ? OR url = ? OR fetched_url = ? LIMIT 1",
                [args.article, args.article, args.article],
            ).fetchone()
            stored = (
                con.execute(
                    "SELECT firm, stance, scorer_version FROM article_firm_stance "
                    "WHERE article_id = ?",
                    [row[0]],
                ).fetchall()
                if row
                else []
            )
    except FileNotFoundError as exc:
        print(f"dcwatch explain: {exc}", file=sys.stderr)
        return 1
    if row is None:
        print(
            f"dcwatch explain: no article with id or URL {args.article!r}; "
            "`dcwatch query article_stances` lists article ids and URLs",
            file=sys.stderr,
        )
        return 1
    article_id, url, title, lang, body, day = row
    print(f"{title}\n{url}\narticle {article_id} · {day} · {lang}\n")
    explained = explain_article(article_id, lang, title, body, args.firm)
    if not explained:
        who = f"{args.firm} is" if args.firm else "no foreign firm is"
        print(f"{who} not named in this article's headline or text")
        return 1 if args.firm else 0
    versions = {v for _, _, v in stored}
    if versions and versions != {SCORER_VERSION}:
        print(
            f"(stored with scorer {', '.join(sorted(versions))}; read now with "
            f"{SCORER_VERSION}: `dcwatch replay` re-scores the history)\n"
        )
    wrap = textwrap.TextWrapper(width=100, initial_indent="      ", subsequent_indent="      ")
    for e in explained:
        print(f"{e.firm}: {e.stance}")
        print(f"  why: {e.reason}")
        for s in e.sentences:
            mark = "→" if s.sentence_idx == e.decided_by else " "
            where = "headline" if s.sentence_idx == 0 else f"sentence {s.sentence_idx}"
            print(f"  {mark} [{where}] {s.stance} (confidence {s.confidence:.2f})")
            print(wrap.fill(s.sentence))
            cue = s.cue.translate(_QUOTES)
            detail = [f"cue: «{cue}»" if s.stance != "mentioned" else None]
            detail += [f"holder: {s.holder}" if s.holder else None, s.why]
            detail += [f"place: {s.location}" if s.location else None]
            print("      " + " · ".join(d for d in detail if d))
        print()
    return 0
