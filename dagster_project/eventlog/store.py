"""Where the log's files live: a local folder, or an object store named by a URL.

Both offer the same few operations on flat names (``seg-0000000001.parquet``,
``_index/seen-0000000001.arrow``): list a folder, get, create a name only if it is
free (how a segment claims its sequence number), replace (derived files), delete.

* A folder publishes with ``os.link`` from a fsynced temporary file: the link fails if
  the name exists, and no reader ever sees a half-written file. Writers hold a shared
  lock on ``.writers.lock`` while they stage; a writer that gets it exclusively knows no
  one is staging, so every temporary file left is a crashed writer's and is removed.
* An object store (``s3://bucket/prefix``, through obstore) publishes with a
  conditional PUT (``If-None-Match: *``): the store refuses the second writer, and an
  object is visible whole or not at all. Credentials, region and ``AWS_ENDPOINT_URL``
  come from the standard AWS variables.
"""

from __future__ import annotations

import fcntl
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Entry:
    name: str  # relative to the store's root
    written_at: float | None  # seconds since the epoch; None: ask the file (a folder's listing)


class LocalStore:
    """A folder on this machine."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self.url = str(self.root)

    def path(self, name: str) -> Path:
        return self.root / name

    def list(self, folder: str = "") -> list[Entry]:
        base = self.root / folder if folder else self.root
        try:  # names only: a stat per file would make every listing grow with the log
            with os.scandir(base) as it:
                found = [e.name for e in it if e.is_file()]
        except (FileNotFoundError, NotADirectoryError):
            return []
        prefix = f"{folder}/" if folder else ""
        return [Entry(prefix + n, None) for n in found]

    def get(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def exists(self, name: str) -> bool:
        return (self.root / name).is_file()

    def create_first(self, data: bytes, names: Iterable[str]) -> str:
        """Publish ``data`` under the first of ``names`` that is free; return that name."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self._staging():
            tmp = self.root / f".tmp-{uuid.uuid4().hex[:12]}.parquet"
            try:
                with open(tmp, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                for name in names:
                    try:
                        os.link(tmp, self.root / name)  # atomic; fails if the name is taken
                    except FileExistsError:
                        continue
                    _fsync_dir(self.root)
                    return name
                raise RuntimeError("no free name")  # names is endless in practice
            finally:
                tmp.unlink(missing_ok=True)

    def replace(self, name: str, data: bytes) -> None:
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.parent / f".tmp-{uuid.uuid4().hex[:8]}-{target.name}"
        tmp.write_bytes(data)
        os.replace(tmp, target)

    def delete(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)

    @contextmanager
    def _staging(self) -> Iterator[None]:
        fd = os.open(self.root / ".writers.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._remove_leftovers()  # nobody is staging: every temporary file is stale
            except BlockingIOError:
                pass  # another writer is staging; its file is not ours to judge
            fcntl.flock(fd, fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)

    def _remove_leftovers(self) -> None:
        for p in self.root.glob(".tmp-*.parquet"):
            p.unlink(missing_ok=True)


class ObjectStore:
    """An object store bucket and prefix, e.g. ``s3://bucket/prefix``."""

    def __init__(self, url: str):
        from obstore.store import from_url

        endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        options = {"allow_http": True} if (endpoint or "").startswith("http://") else None
        self.url = url.rstrip("/")
        self._store = from_url(self.url, client_options=options)

    def path(self, name: str) -> str:
        return f"{self.url}/{name}"

    def list(self, folder: str = "") -> list[Entry]:
        listing = self._store.list_with_delimiter(f"{folder}/" if folder else None)
        return [Entry(o["path"], o["last_modified"].timestamp()) for o in listing["objects"]]

    def get(self, name: str) -> bytes:
        return bytes(self._store.get(name).bytes())

    def exists(self, name: str) -> bool:
        from obstore.exceptions import NotFoundError

        try:  # one HEAD request, whatever the number of objects beside it
            self._store.head(name)
        except (NotFoundError, FileNotFoundError):
            return False
        return True

    def create_first(self, data: bytes, names: Iterable[str]) -> str:
        from obstore.exceptions import AlreadyExistsError, PreconditionError

        for name in names:
            try:  # one conditional PUT: the store refuses it when the name exists
                self._store.put(name, data, mode="create", use_multipart=False)
            except (AlreadyExistsError, PreconditionError):
                continue
            return name
        raise RuntimeError("no free name")

    def replace(self, name: str, data: bytes) -> None:
        from obstore.exceptions import BaseError

        try:
            self._store.put(name, data, use_multipart=False)  # a PUT is atomic on its own
        except BaseError as exc:  # the same failure a folder gives: an OSError
            raise OSError(f"cannot write {self.path(name)}: {exc}") from exc

    def delete(self, name: str) -> None:
        from obstore.exceptions import BaseError, NotFoundError

        try:
            self._store.delete(name)
        except NotFoundError:
            pass
        except BaseError as exc:
            raise OSError(f"cannot delete {self.path(name)}: {exc}") from exc


def open_store(location: str | os.PathLike[str]) -> LocalStore | ObjectStore:
    """The store for a folder path, a ``file://`` URL, or an object-store URL."""
    text = os.fspath(location)
    if text.startswith("file://"):
        return LocalStore(text.removeprefix("file://"))
    if "://" in text:
        return ObjectStore(text)
    return LocalStore(text)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
