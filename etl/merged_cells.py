"""Cells merged over several rows or columns of a table's data, read as the sheet shows them.

Forms merge a unit's code and name down over the rows of its inspection items, or a date over
a visit's rows. Excel shows the value across the merged cells, but a reader gives it in the
first cell only, leaving the others empty ("a value is required" on every row but the first).
Each merged cell below the header is therefore filled with its value, in every row and column
it covers. Merges in the header (a title, a group label) are left as they are: the header
finder reads those (etl/headers.py). So is a merge across every column the table reads (a
填表人：… 审核人：… line merged across the form's width under the table, as bureau templates
have it): it is no one column's value but a note or a title, and stays in its first cell as
if written there unmerged, to be reported as one row (etl/stray_rows.py) instead of as a
wrong value in every column."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from openpyxl.utils import get_column_letter

from etl.contracts import CONTRACTS
from etl.headers import Header, match_key
from etl.messages import msg
from etl.problems import FileRejected, Problem
from etl.sheet_xml import SheetParts, column_index

MERGE = re.compile(rb'<mergeCell\b[^>]*\bref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


@dataclass(frozen=True)
class Span:
    """A merged cell in the frame of cells (0-based: row i is spreadsheet row i + 1, column c
    is ``c<c>``), from its first row and column to its last."""

    row: int
    column: int
    last_row: int
    last_column: int
    offset: int = 0  # the sheet column (from 0: A) of the frame's first, for a message's letter


def workbook_spans(parts: SheetParts | None) -> list[Span]:
    """The merged cells of an .xlsx sheet; [] for any other file (``parts`` None)."""
    if parts is None or b"<mergeCell" not in parts.sheet:
        return []
    refs = MERGE.findall(parts.sheet)
    offset = parts.offset
    return [
        Span(
            int(first_row) - 1,
            column_index(first.decode()) - offset,
            int(last_row) - 1,
            column_index(last.decode()) - offset,
            offset,
        )
        for first, first_row, last, last_row in refs
    ]


def with_merged_data(
    cells: pl.DataFrame, spans: list[Span], header_last: int, read_columns: list[int]
) -> pl.DataFrame:
    """``cells`` with every merged cell that starts below the header (row ``header_last``)
    filled with its value wherever it covers an empty cell, but for one that spans every
    column the table reads (``read_columns``, the positions of the columns its contract
    reads): a note or a title, left in its first cell."""
    fills: dict[int, tuple[list[int], list[str]]] = {}
    for span in spans:
        if span.row <= header_last or not 0 <= span.column < cells.width:
            continue
        if spans_table(span, read_columns):
            continue
        value = cells.item(span.row, span.column) if span.row < cells.height else None
        if value is None:
            continue
        for column in range(span.column, min(span.last_column, cells.width - 1) + 1):
            rows, values = fills.setdefault(column, ([], []))
            for row in range(span.row, min(span.last_row, cells.height - 1) + 1):
                if (row, column) != (span.row, span.column):
                    rows.append(row)
                    values.append(value)
    if not fills:
        return cells
    columns = []
    for column, (rows, values) in fills.items():
        series = cells.to_series(column)
        written = series.gather(rows)
        keep = written.is_null()  # a cell the file fills itself keeps its own value
        filled = series.clone()
        filled.scatter(
            pl.Series(rows).filter(keep), pl.Series(values, dtype=pl.String).filter(keep)
        )
        columns.append(filled)
    return cells.with_columns(columns)


def spans_table(span: Span, read_columns: list[int]) -> bool:
    """Whether the merged cell covers every column the table reads."""
    return bool(read_columns) and (
        span.column <= min(read_columns) and span.last_column >= max(read_columns)
    )


def refuse_header_merged_over_data(
    cells: pl.DataFrame, spans: list[Span], header: Header, file_name: str
) -> None:
    """``FileRejected`` when a header cell naming a column is merged across several columns
    (the header's last row: 样本量 over D:E, 检查项目 over D:E) and a column after the first
    holds data: the reader would take the first column and pass the others over as columns
    without a header, where the analyst sees them under that name (a total, or an item's
    two levels, read as half). Merges across empty columns (a header widened) are no problem."""
    problems = []
    data = cells.slice(header.last + 1)
    for span in spans:
        if not span.row <= header.last <= span.last_row or span.last_column <= span.column:
            continue
        label = header.cells[span.column] if 0 <= span.column < len(header.cells) else None
        if label is None or match_key(label) not in header.mapping:
            continue
        beyond = range(span.column + 1, min(span.last_column, data.width - 1) + 1)
        values = [v for c in beyond for v in data.to_series(c).drop_nulls().head(1).to_list()]
        if not values:
            continue
        letters = [get_column_letter(c + span.offset + 1) for c in (span.column, span.last_column)]
        text = msg(
            "file.header_merged_over_data",
            label=str(label).strip(),
            columns="–".join(letters),
            first=letters[0],
            value=values[0],
        )
        name, written = header.mapping[match_key(label)], str(label).strip()
        column = f"{written} ({name})"
        problems.append(
            Problem.of(file_name, header.last + 1, column, written, text, column_zh=written)
        )
    if problems:
        raise FileRejected(problems, kind=header.kind)


def refuse_counts_merged_down(
    cells: pl.DataFrame, spans: list[Span], header: Header, file_name: str
) -> None:
    """``FileRejected`` when a count of a table of counts (a summable contract's figure:
    次数, 参与人数, 志愿服务时长, 样本量…) is merged down over several rows. Excel shows the
    value once, against all of them: it is the rows' total or one row's, nobody can tell, and
    filled into each row as a merged code or date is (``with_merged_data``) it would be
    counted once per row. A merge that reaches past the count columns (a note across the
    form) is no count's, and is left to the rules for notes. ``cells`` are read as the sheet
    shows them (``with_merged_data``), so that a unit's code merged down over its rows is
    that unit's in each: a merge over one unit's rows (its hours written once over its three
    activity types) asks for each row's own count, one over several units' for each unit's."""
    contract = CONTRACTS[header.kind]
    if not contract.summable:
        return
    figures = {c.name for c in contract.columns if c.type in ("int", "number")}
    counts = {
        position
        for position, label in enumerate(header.cells)
        if header.mapping.get(match_key(label)) in figures
    }
    problems = []
    for span in spans:
        covered = range(span.column, span.last_column + 1)
        if span.row <= header.last or span.last_row <= span.row or not set(covered) <= counts:
            continue
        value = cells.item(span.row, span.column) if span.row < cells.height else None
        if value is None:
            continue
        first, last = (
            f"{get_column_letter(c + span.offset + 1)}{r + 1}"
            for c, r in ((span.column, span.row), (span.last_column, span.last_row))
        )
        written = str(header.cells[span.column]).strip()
        fields = {
            "label": written,
            "cells": f"{first}:{last}",
            "rows": span.last_row - span.row + 1,
            "value": value,
        }
        units = units_of_rows(cells, header, span.row, span.last_row)
        if len(units) == 1:
            line = line_label(header)
            text = msg("file.count_merged_down_one_unit", unit=units[0], line=line, **fields)
        else:
            text = msg("file.count_merged_down", **fields)
        column = f"{written} ({header.mapping[match_key(header.cells[span.column])]})"
        problems.append(
            Problem.of(file_name, span.row + 1, column, str(value), text, column_zh=written)
        )
    if problems:
        raise FileRejected(problems, kind=header.kind)


def units_of_rows(cells: pl.DataFrame, header: Header, first: int, last: int) -> list[str]:
    """The unit codes written in rows ``first`` to ``last`` of ``cells``, each once."""
    for position, label in enumerate(header.cells):
        if header.mapping.get(match_key(label)) == "unit_code" and position < cells.width:
            rows = cells.to_series(position).slice(first, last - first + 1)
            return rows.drop_nulls().str.strip_chars().unique(maintain_order=True).to_list()
    return []


def line_label(header: Header) -> str:
    """The header, as written, of the column telling one row of a unit's from another in a
    table of counts (活动类型, 调查类型): its key's column beside the unit, quarter and
    date; the contract's own name for it when the file has no such column."""
    contract = CONTRACTS[header.kind]
    lines = [c for c in contract.columns if c.name in contract.key and c.name != "unit_code"]
    line = next(c for c in lines if c.type not in ("quarter", "date"))
    written = [
        str(label).strip()
        for label in header.cells
        if header.mapping.get(match_key(label)) == line.name
    ]
    return written[0] if written else line.zh
