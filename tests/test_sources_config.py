"""The sources file is validated before anything is fetched, with precise messages."""

from __future__ import annotations

import pytest

from dagster_project.ingest.config import (
    SourcesError,
    default_sources_path,
    load_sources,
    sources_path_from_env,
)


def write(tmp_path, text: str):
    p = tmp_path / "sources.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_relative_urls_resolve_against_the_sources_file(tmp_path):
    cfg = load_sources(write(tmp_path, "sources:\n  - {name: a, kind: rss, url: feeds/a.xml}\n"))
    assert cfg.sources[0].url == (tmp_path / "feeds" / "a.xml").as_uri()
    assert cfg.allow_private_hosts is False


def test_http_urls_and_flags_are_kept(tmp_path):
    cfg = load_sources(
        write(
            tmp_path,
            "allow_private_hosts: true\nsources:\n"
            "  - {name: a, kind: atom, url: 'http://h.example/f', lang: en}\n",
        )
    )
    assert cfg.allow_private_hosts is True
    assert (cfg.sources[0].url, cfg.sources[0].kind, cfg.sources[0].lang) == (
        "http://h.example/f",
        "atom",
        "en",
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("sources: [", "not valid YAML"),
        ("- just a list", "expected a mapping with a 'sources' list"),
        ("sources:\n  - {name: a, kind: rss}\n", "missing url"),
        (
            "sources:\n  - {name: a, kind: carrier-pigeon, url: x}\n",
            "unknown kind 'carrier-pigeon'",
        ),
        (
            "sources:\n  - {name: a, kind: rss, url: x}\n  - {name: a, kind: rss, url: y}\n",
            "duplicate source name 'a'",
        ),
        ("sources:\n  - {name: a, kind: rss, url: 'ftp://h/x'}\n", "unsupported URL scheme 'ftp'"),
        ("allow_private_hosts: maybe\nsources: []\n", "allow_private_hosts must be true or false"),
        ("sources:\n  - plain string\n", "sources[0]: expected a mapping"),
    ],
)
def test_malformed_sources_files_fail_with_a_clear_message(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(SourcesError, match=message.replace("[", r"\[").replace("]", r"\]")) as exc:
        load_sources(path)
    assert str(path) in str(exc.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(SourcesError, match="sources file not found"):
        load_sources(tmp_path / "nope.yaml")


def test_env_var_selects_the_file_and_demo_is_the_default(monkeypatch, tmp_path):
    assert sources_path_from_env() == default_sources_path()
    monkeypatch.setenv("DCWATCH_SOURCES", str(tmp_path / "s.yaml"))
    assert sources_path_from_env() == tmp_path / "s.yaml"
