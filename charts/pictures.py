"""Chart specs to PNG in worker processes, so the pack's slides and tables are drawn while
its charts render.

vl-convert holds the interpreter lock while it renders (a thread rendering a chart stops every
other thread of the process), so a thread pool cannot overlap rendering with the Python work of
writing the PPTX, PDF and DOCX; other processes can. The workers are the standard library's
``ProcessPoolExecutor`` on a ``forkserver`` context (no fork of a process holding DuckDB's
threads; the server imports only this module), each registering the same CJK font folder as
this process (charts.fonts). They are started on first use and stay up for the next pack; when
the pool breaks, its charts render in this process and the next pack starts a new pool.
bench/bench_pack.py measures the gain.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import vl_convert as vlc

WORKERS = 2


def spec_to_png(spec: dict, vl_version: str, scale: float) -> bytes:
    """One chart's PNG, rendered in this process."""
    return vlc.vegalite_to_png(spec, vl_version=vl_version, scale=scale)


_lock = threading.Lock()
_pools: dict[str, ProcessPoolExecutor] = {}


def pool_for(font_dir: str) -> ProcessPoolExecutor | None:
    """The worker pool for ``font_dir`` (started on first use), or None if none can start."""
    with _lock:
        pool = _pools.get(font_dir)
        if pool is None:
            try:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(["charts.pictures"])
                pool = ProcessPoolExecutor(
                    WORKERS,
                    mp_context=context,
                    initializer=vlc.register_font_directory,
                    initargs=(font_dir,),
                )
            except (OSError, ValueError):
                return None
            _pools[font_dir] = pool
        return pool


def forget(font_dir: str) -> None:
    """Drop a broken pool (the next pack starts a new one)."""
    with _lock:
        pool = _pools.pop(font_dir, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def stop_all() -> None:
    with _lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)


class Renderer:
    """Submit specs as they are made; read each PNG when a slide needs it."""

    def __init__(self, vl_version: str, scale: float, font_dir: str):
        self.vl_version, self.scale, self.font_dir = vl_version, scale, font_dir
        self.pool = pool_for(font_dir)

    def submit(self, spec: dict) -> Future:
        """A future PNG: rendered by a worker, or here (already done) when none runs."""
        if self.pool is not None:
            try:
                return self.pool.submit(spec_to_png, spec, self.vl_version, self.scale)
            except (BrokenProcessPool, RuntimeError):
                forget(self.font_dir)
                self.pool = None
        future: Future = Future()
        future.set_result(spec_to_png(spec, self.vl_version, self.scale))
        return future

    def png(self, future: Future, spec: dict) -> bytes:
        """The PNG of a submitted spec; rendered here if its worker is gone."""
        try:
            return future.result()
        except BrokenProcessPool:
            forget(self.font_dir)
            return spec_to_png(spec, self.vl_version, self.scale)
