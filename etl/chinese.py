"""Traditional characters read as their Simplified forms, for what Civbench recognises rather
than stores: header names (單位編碼 is 单位编码) and enumerated values (門診, 三級醫院). The
seed documents are written in Traditional characters, and some office tools convert files to
them. Free text is never converted: it is stored as written.

OpenCC (BYVoid/OpenCC, Apache-2.0) holds the character tables: ``t2s`` reads any Traditional
spelling (眾 and 衆 are both 众); ``s2t``, ``s2tw`` and ``s2hk`` give the spellings a
Simplified value takes in the OpenCC, Taiwan and Hong Kong standards.
"""

from __future__ import annotations

import functools

import opencc
import polars as pl

TO_SIMPLIFIED = opencc.OpenCC("t2s")


@functools.cache
def to_traditional() -> tuple[opencc.OpenCC, ...]:
    """A converter to each Traditional standard, made when first needed: 0.1–0.2 s each, which
    every command and dashboard would otherwise pay at import (``t2s`` takes 4 ms)."""
    return tuple(opencc.OpenCC(config) for config in ("s2t", "s2tw", "s2hk"))


@functools.lru_cache(maxsize=4096)
def simplified(text: str) -> str:
    """The text with Traditional characters made Simplified (others unchanged)."""
    return TO_SIMPLIFIED.convert(text)


def simplified_expr(cells: pl.Expr) -> pl.Expr:
    """``simplified`` of each cell (a text column), each distinct non-ASCII cell converted
    once: a value mixing Simplified and Traditional characters (测評) is matched in its
    Simplified form (测评)."""

    def convert(series: pl.Series) -> pl.Series:
        distinct = series.drop_nulls().unique()
        distinct = distinct.filter(distinct.str.len_bytes() != distinct.str.len_chars())
        if distinct.is_empty():
            return series
        return series.replace(distinct, [simplified(value) for value in distinct])

    return cells.map_batches(convert, return_dtype=pl.String, is_elementwise=True)


@functools.lru_cache(maxsize=1024)
def traditional_spellings(text: str) -> tuple[str, ...]:
    """The Traditional spellings of a Simplified value that differ from it (none for ASCII)."""
    if text.isascii():
        return ()
    return tuple(sorted({c.convert(text) for c in to_traditional()} - {text}))
