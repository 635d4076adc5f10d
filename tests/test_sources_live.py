"""The live Korean sources file is valid as shipped (read only: no request leaves the machine)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from dagster_project.ingest.config import load_sources

KOREA = Path(__file__).resolve().parent.parent / "dagster_project" / "ingest" / "korea.yaml"


def test_korea_sources_file_loads_with_polite_defaults():
    cfg = load_sources(KOREA)
    kinds = {s.kind for s in cfg.sources}
    assert {"rss", "gdelt"} <= kinds and len(cfg.sources) >= 15
    assert all(urlsplit(s.url).scheme == "https" for s in cfg.sources)
    assert cfg.allow_private_hosts is False and cfg.respect_robots is True
    assert cfg.rate_per_host <= 1.0 and "+https://" in (cfg.user_agent or "")
    rates = dict(cfg.host_rates)
    assert rates["api.gdeltproject.org"] == 0.2  # GDELT's one request per 5 s
    assert any("news.google.com/rss/search" in s.url for s in cfg.sources)
    assert {s.lang for s in cfg.sources} >= {"ko", "en"}
