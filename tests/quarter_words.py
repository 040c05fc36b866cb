"""A quarter as the pages say it, written out here by hand (not with the code under test):
2026Q3 is 2026年第3季度 in Chinese and 2026 Q3 in English."""

from __future__ import annotations


def zh(quarter: str) -> str:
    return f"{quarter[:4]}年第{quarter[-1]}季度"


def en(quarter: str) -> str:
    return f"{quarter[:4]} Q{quarter[-1]}"
