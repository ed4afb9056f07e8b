"""The Ray runner: Ray Data feeds the project's readers' records to a pool of extraction actors.

    with RayRunner(settings, workers=2) as runner:        # a local Ray; or address="HOST:PORT" / "auto"
        for batch in runner.extract(["news/"], known=hashes):
            batch.tables    # {"articles": pa.Table, "events": ..., "errors": ...}: the store's rows
            batch.done      # articles that came through (extracted, failed or skipped)
            batch.skipped   # of them, texts whose skip key is in `known`, not extracted again

The dataset is read by dateline's own readers (`read.read_source`, the same records as a local
run) in Ray read tasks pinned to the driver's node, so inputs need not be on a shared file
system (standard input is spooled to a temporary file first).  Each actor of the pool loads the
spaCy pipeline once (`nlp.extract.Extractor`) and turns a batch of rows into the store's rows
(`store.partitions.result_tables`), sent back as Arrow IPC; bad input travels as Failure
records and comes back as `errors` rows, and the batch goes on.  Results arrive in input order.
The caller writes them (`store.partitions.PartitionWriter`): the store file lives where the
driver runs, so nothing but Ray itself needs to be shared between machines.

A local Ray starts offline: on 127.0.0.1 with no address probe (when ray is first imported
here), no dashboard and no usage statistics, with `workers` CPUs.  `address` joins a running cluster (`ray start --head` on its
head node; run dateline on a node of it, the same `pip install dateline[ray]` on every node).
Ray Client addresses (`ray://`) cannot read the driver's files and are refused.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import pyarrow as pa

from ..errors import Code, InputError, UsageError
from ..model import Article, Failure
from ..nlp.pipeline import check_model
from ..read import FORMATS, read_source
from ..read.records import failure
from ..read.sources import Source, expand
from ..settings import Settings
from ..store.partitions import TABLES, is_known, result_tables

_ARTICLE_FIELDS = ("id", "text", "published", "title", "url", "outlet", "source")
# A row of the dataset: an article, a Failure from reading, or an article already stored ("known").
INPUT_SCHEMA = pa.schema([("kind", pa.string())] + [(f, pa.string()) for f in _ARTICLE_FIELDS]
                         + [("code", pa.string()), ("reason", pa.string())])
# What an actor returns per batch: counts, and each partition table as an Arrow IPC stream (or null).
OUTPUT_SCHEMA = pa.schema([("done", pa.int64()), ("skipped", pa.int64())] + [(t, pa.binary()) for t in TABLES])

LOCAL_OBJECT_STORE_BYTES = 512 * 1024**2  # batches of text are small; Ray's default takes 30% of RAM


@dataclass(slots=True)
class RayBatch:
    tables: dict[str, pa.Table]
    done: int
    skipped: int


def _check_installed() -> None:
    if importlib.util.find_spec("ray") is None:  # without importing it (see RayRunner.start)
        raise UsageError(Code.RAY_UNAVAILABLE, detail="ray is not installed; install it with "
                                                      "pip install 'dateline[ray]'")


def _ray():
    try:
        import ray
        import ray.data  # noqa: F401  (the `ray[data]` extra)
    except ImportError as exc:
        raise UsageError(Code.RAY_UNAVAILABLE, detail=f"{exc}; install it with pip install 'dateline[ray]'") from None
    return ray


class RayRunner:
    def __init__(self, settings: Settings, *, workers: int | None = None, address: str | None = None):
        if workers is not None and workers < 1:
            raise UsageError(Code.USAGE, detail=f"--workers must be at least 1, not {workers}")
        if address is not None and address.startswith("ray://"):
            raise UsageError(Code.RAY_UNAVAILABLE, detail=f"{address} is a Ray Client address, whose drivers "
                             "cannot read local inputs; run dateline on a node of the cluster with "
                             "--ray-address HOST:PORT (or auto)")
        _check_installed()
        check_model(settings.model)
        self.settings = settings
        self.workers = workers
        self.address = address
        self._started = False
        self._log_level: int | None = None

    def __enter__(self) -> RayRunner:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Join the cluster at `address`, or start a local Ray (unless one is running in this process)."""
        if not self.address and "ray" not in sys.modules:
            # A local Ray on the loopback address, without asking the network stack for this host's
            # address (Ray turns _node_ip_address="127.0.0.1" into that unless clusters are off).
            os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        ray = _ray()
        if not ray.is_initialized():
            # offline: no usage report sent home (unless the environment asks for it)
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            quiet = {"log_to_driver": False, "logging_level": logging.ERROR, "include_dashboard": False}
            try:
                if self.address:
                    _check_reachable(self.address)
                    ray.init(address=self.address, **quiet)
                else:
                    self.workers = self.workers or _default_workers()
                    ray.init(num_cpus=self.workers, _node_ip_address="127.0.0.1",
                             object_store_memory=LOCAL_OBJECT_STORE_BYTES, **quiet)
            except (ConnectionError, RuntimeError, TimeoutError) as exc:
                where = f"cluster {self.address}" if self.address else "a local Ray"
                hint = ("; a cluster with token authentication (Ray's default) also needs RAY_AUTH_MODE=token "
                        "and its token (RAY_AUTH_TOKEN or ~/.ray/auth_token)"
                        if self.address and "RAY_AUTH_MODE" not in os.environ else "")
                raise UsageError(Code.RAY_UNAVAILABLE,
                                 detail=f"{where}: {str(exc).strip().splitlines()[0][:300]}{hint}") from None
            self._started = True
        # Ray Data logs a failing task's traceback itself; here the error comes back as one E110 line
        self._log_level = logging.getLogger("ray.data").level
        logging.getLogger("ray.data").setLevel(logging.CRITICAL)
        if self.workers is None:
            self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def stop(self) -> None:
        if self._log_level is not None:
            logging.getLogger("ray.data").setLevel(self._log_level)
            self._log_level = None
        if self._started:
            _ray().shutdown()
            self._started = False

    def extract(self, inputs: list[str], *, format: str | None = None,
                known: np.ndarray | None = None) -> Iterator[RayBatch]:
        """Every input's results, batch by batch in input order (call inside `with runner`).

        `known`: sorted skip keys of texts not to extract again (`store.partitions.known_keys`).
        """
        if format is not None and format not in FORMATS:
            raise UsageError(Code.UNKNOWN_FORMAT, name=format, choices=", ".join(FORMATS))
        ray = _ray()
        if not ray.is_initialized():
            raise RuntimeError("RayRunner.extract needs a started runner (use `with RayRunner(...)`)")
        spool = tempfile.mkdtemp(prefix="dateline-ray-")
        context = ray.data.DataContext.get_current()
        saved = context.execution_options.preserve_order, context.enable_progress_bars
        try:
            source = _article_source(_sources(inputs, spool), max_bytes=self.settings.max_bytes, format=format,
                                     known=ray.put(known) if known is not None and len(known) else None,
                                     block_rows=self.settings.batch_size)
            context.execution_options.preserve_order = True  # input order, as the local runner
            context.enable_progress_bars = False  # the CLI shows its own
            # Reads take no CPU of their own (else `workers` actors on `workers` CPUs leave none for
            # them).  One call at a time per actor, on its main thread: Ray Data's default runs the
            # call in a thread of its own, where the per-article time limit (SIGALRM) cannot act.
            pool = ray.data.ActorPoolStrategy(size=self.workers, enable_true_multi_threading=True,
                                              max_concurrent_calls_per_actor=1)
            data = ray.data.read_datasource(source, num_cpus=0).map_batches(
                _Extract, fn_constructor_args=(self.settings,), batch_size=self.settings.batch_size,
                batch_format="pyarrow", compute=pool, num_cpus=1)
            try:
                for block in data.iter_batches(batch_size=None, batch_format="pyarrow"):
                    for row in block.to_pylist():
                        yield RayBatch(tables={t: _from_ipc(row[t]) for t in TABLES if row[t] is not None},
                                       done=row["done"], skipped=row["skipped"])
            except ray.exceptions.RayError as exc:  # an actor that cannot start or died; a bug in a task
                lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
                last = lines[-1][:300] if lines else ""
                raise UsageError(Code.RAY_UNAVAILABLE, detail=f"{type(exc).__name__}: {last} (Ray Data's log: "
                                                              "ray-data in the session's logs folder)") from exc
        finally:
            context.execution_options.preserve_order, context.enable_progress_bars = saved
            shutil.rmtree(spool)


def _check_reachable(address: str, timeout: float = 5.0) -> None:
    """A HOST:PORT address must answer (Ray itself would retry an unreachable one for minutes)."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit():
        return  # "auto", or a form Ray resolves itself
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as exc:
        raise UsageError(Code.RAY_UNAVAILABLE, detail=f"no Ray cluster answers at {address} "
                                                      f"({exc.strerror or exc})") from None


def _default_workers() -> int:
    from .local import default_workers

    return default_workers()


def _sources(inputs: list[str], spool: str) -> list[Source | Failure]:
    """The inputs as Sources the read tasks can open (standard input spooled to a file), or Failures."""
    found: list[Source | Failure] = []
    for item in expand(inputs):
        if isinstance(item, InputError):
            found.append(failure("<input>", item))  # InputErrors do not pickle; Failures do
        elif item.path is None:
            path = os.path.join(spool, f"stdin-{len(found)}")  # `-` twice reads it once, as locally
            with open(path, "wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out)
            found.append(Source(item.name, path))
        else:
            found.append(item)
    return found


def _article_source(*args, **kwargs):
    """A Ray Data datasource over dateline's readers, read on the driver's node.

    Its class subclasses `ray.data.Datasource`, so it is made here, once ray is imported.
    """
    from ray.data import Datasource, ReadTask
    from ray.data.block import BlockMetadata

    class ArticleDatasource(Datasource):
        def __init__(self, sources: list[Source | Failure], *, max_bytes: int, format: str | None,
                     known, block_rows: int):
            super().__init__()
            self.sources, self.max_bytes, self.format = sources, max_bytes, format
            self.known, self.block_rows = known, block_rows

        @property
        def supports_distributed_reads(self) -> bool:
            return False  # the inputs are the driver's files

        def estimate_inmemory_data_size(self) -> int | None:
            # Unknown.  (Given the input's size, Ray Data bundles several batches into one actor
            # task and sends their results back only when the whole task is done.)
            return None

        def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                           data_context=None) -> list:
            n = max(1, min(parallelism, len(self.sources)))
            groups = [self.sources[i * len(self.sources) // n:(i + 1) * len(self.sources) // n]
                      for i in range(n)]
            args = (self.max_bytes, self.format, self.known, self.block_rows)
            return [ReadTask(lambda group=group: _read_group(group, *args),
                             BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None,
                                           input_files=tuple(s.path for s in group if isinstance(s, Source))),
                             schema=INPUT_SCHEMA)
                    for group in groups if group]

    return ArticleDatasource(*args, **kwargs)


def _read_group(group: list[Source | Failure], max_bytes: int, format: str | None, known_ref,
                block_rows: int) -> Iterator[pa.Table]:
    """A read task: the records of a run of inputs, as blocks of dataset rows."""
    import ray

    known = ray.get(known_ref) if known_ref is not None else None
    rows: list[dict] = []
    for item in group:
        records = [item] if isinstance(item, Failure) else read_source(item, max_bytes=max_bytes, format=format)
        for record in records:
            rows.append(_input_row(record, known))
            if len(rows) >= block_rows:
                yield pa.Table.from_pylist(rows, schema=INPUT_SCHEMA)
                rows = []
    if rows:
        yield pa.Table.from_pylist(rows, schema=INPUT_SCHEMA)


def _input_row(record: Article | Failure, known: np.ndarray | None) -> dict:
    if isinstance(record, Failure):
        return {"kind": "failure", "id": record.article_id, "source": record.source, "code": record.code,
                "reason": record.reason}
    if known is not None and is_known(known, record.hash):
        return {"kind": "known", "id": record.id, "source": record.source}
    for name in _ARTICLE_FIELDS:
        value = getattr(record, name)
        try:
            if value is not None:
                value.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: no Arrow or Parquet string can hold it
            err = InputError(Code.INVALID_UTF8, detail=f"{name}: lone surrogate at character {exc.start}")
            return _input_row(Failure(source=record.source or record.id, code=err.code.value, reason=str(err),
                                      article_id=record.id), known)
    return {"kind": "article", **{name: getattr(record, name) for name in _ARTICLE_FIELDS}}


class _Extract:
    """A pool actor: the pipeline loaded once; a batch of dataset rows in, the store's rows out."""

    def __init__(self, settings: Settings):
        from ..nlp.extract import Extractor, freeze_loaded

        self.extractor = Extractor(settings)
        freeze_loaded()  # an actor keeps its pipeline to the end
        self.pipeline = settings.model

    def __call__(self, batch: pa.Table) -> pa.Table:
        articles: list[Article] = []
        failures: list[Failure] = []
        done = skipped = 0
        seen: dict[str, str] = {}  # id -> content hash, within the batch (as the store's triage)
        for row in batch.to_pylist():
            if row["kind"] == "failure":
                failures.append(Failure(source=row["source"], code=row["code"], reason=row["reason"],
                                        article_id=row["id"]))
                continue
            done += 1
            if row["kind"] == "known":
                skipped += 1
                continue
            article = Article(**{name: row[name] for name in _ARTICLE_FIELDS})
            if article.id in seen:
                if seen[article.id] == article.hash:
                    skipped += 1  # the same article twice
                else:
                    err = InputError(Code.ID_CONFLICT, id=article.id)
                    failures.append(Failure(source=article.source or article.id, code=err.code.value,
                                            reason=str(err), article_id=article.id))
                continue
            seen[article.id] = article.hash
            articles.append(article)
        results = [*self.extractor.extract_many(articles), *failures]
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        tables = result_tables(results, pipeline=self.pipeline, now=now)
        out = {"done": [done], "skipped": [skipped], **{t: [_to_ipc(tables[t]) if t in tables else None]
                                                         for t in TABLES}}
        return pa.Table.from_pydict(out, schema=OUTPUT_SCHEMA)


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(data: bytes) -> pa.Table:
    with pa.ipc.open_stream(data) as reader:
        return reader.read_all()
