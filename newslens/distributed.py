"""Cleaning and extraction on a Dask cluster, for corpora one machine cannot process in time.

The same ``clean_chunk`` as the local process pool runs on the workers, and results come back
in input order, so the staged Parquet and the store are identical to a single-process ingest;
the store merge stays one transaction in the client. ``address`` is a scheduler
(``tcp://host:8786``) or ``local`` for a LocalCluster with one single-threaded worker process per
core (extraction is pure Python, so threads would share one GIL).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from newslens.parallel import Chunk, Cleaned, clean_chunk

if TYPE_CHECKING:  # Dask is an optional extra, imported when a cluster is asked for
    from distributed import Client

#: Chunks in flight per worker: enough to keep workers busy, small enough to bound memory.
_IN_FLIGHT = 3
#: How long to wait for a remote scheduler before saying it is unreachable.
CONNECT_TIMEOUT = "20s"


class DaskUnavailable(RuntimeError):
    """Dask is not installed or the scheduler cannot be reached; the message says which."""


@contextmanager
def dask_client(address: str, workers: int | None = None) -> Iterator[Client]:
    """A client on the scheduler at ``address``, or on a LocalCluster started for this ingest."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise DaskUnavailable("distributed ingest needs Dask: pip install 'newslens[dask]'") \
            from exc
    if address == "local":
        with LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                          processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise DaskUnavailable(f"no Dask scheduler answers at {address}: {exc}") from exc
    with client:
        yield client


def clean_on_dask(chunks: Iterator[Chunk], address: str,
                  workers: int | None = None) -> Iterator[Cleaned]:
    """Clean and extract ``chunks`` on the cluster; yield the results in input order."""
    with dask_client(address, workers) as client:
        capacity = _IN_FLIGHT * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for chunk in chunks:
            pending.append(client.submit(clean_chunk, chunk, pure=False))
            if len(pending) >= capacity:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
