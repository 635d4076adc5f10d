"""Web archives (``kind: warc``): a .warc/.warc.gz file imported whole each pass, or a local
folder or glob of them, imported file by file as partitions of ``archive_imports``."""

from __future__ import annotations

from dagster_project.ingest.kinds import Kind, register
from dagster_project.ingest.warc_import import import_warc

register(
    Kind(
        "warc",
        fields={"flush_every": (int, 1000), "flush_mb": (int, 64), "max_records": (int, 0)},
        imports=import_warc,
        file_suffixes=(".warc", ".warc.gz"),
    )
)
