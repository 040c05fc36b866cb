"""Every page file stays thin (issue 12): at most 150 lines. Pages read widgets, call queries
and builders, and draw; anything else belongs in a ui/<page>_view.py module."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MOST_LINES = 150


def page_files(root: Path = ROOT) -> list[Path]:
    return sorted([*root.glob("dashboard.py"), *(root / "pages").glob("*.py")])


def too_long(root: Path = ROOT, most: int = MOST_LINES) -> dict[str, int]:
    """The page files longer than ``most`` lines, each with its count, by path from ``root``."""
    counts = {
        f.relative_to(root).as_posix(): len(f.read_text("utf-8").splitlines())
        for f in page_files(root)
    }
    return {name: n for name, n in counts.items() if n > most}


def test_the_pages_are_found():
    names = {f.relative_to(ROOT).as_posix() for f in page_files()}
    assert {"dashboard.py", "pages/rankings.py", "pages/upload.py"} <= names


def test_every_page_is_at_most_150_lines():
    over = too_long()
    listed = ", ".join(f"{name}: {n} lines" for name, n in sorted(over.items()))
    assert not over, f"page files over {MOST_LINES} lines (move their logic to ui/): {listed}"


def test_a_page_of_151_lines_is_named_with_its_count(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "dashboard.py").write_text("x = 1\n" * 10, encoding="utf-8")
    (tmp_path / "pages" / "short.py").write_text("x = 1\n" * 150, encoding="utf-8")
    (tmp_path / "pages" / "long.py").write_text("x = 1\n" * 151, encoding="utf-8")
    assert too_long(tmp_path) == {"pages/long.py": 151}
