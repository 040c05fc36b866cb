"""Finding a font that draws Chinese, for every exported file.

Without a CJK font, vl-convert and fpdf2 draw Chinese as boxes (tofu) and nobody notices until
the projector is on. So the exports never fall back silently: ``cjk_font()`` either returns a
font that has the glyphs, or raises ``CJKFontMissing`` with words the app shows as they are.

Debian's fonts-noto-cjk ships TrueType *collections* (.ttc): one file holds the Japanese,
Korean, Simplified and Traditional Chinese faces, so a font here is a file *and* an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from etl import settings

# Simplified Chinese faces first: the Japanese face of the same collection draws some
# characters (e.g. 直, 骨) in Japanese shapes.
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
)
# The CJK families of the bureau's own PCs (Windows, macOS, Chinese Linux): what a deck asks
# for, and what an SVG names after the font it was drawn with, so that a viewer without Noto
# draws Chinese in its own Chinese font rather than in whatever its default may be.
DESKTOP_FAMILIES = ("Microsoft YaHei", "PingFang SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
FILE_NAME_HINTS = ("cjk", "sourcehan", "notosanssc", "wqy", "droidsansfallback")
FONT_SUFFIXES = (".ttc", ".otc", ".otf", ".ttf")
# Characters a usable font must have: the commonest in our titles and peer-group names.
PROBE_TEXT = "文明指数三级医院乡镇卫生院"
FONT_DIR_ENV = "CIVBENCH_FONT_DIR"


class CJKFontMissing(RuntimeError):
    """No font that can draw Chinese was found, so an export would show boxes."""

    def __init__(self, searched: list[str]):
        self.searched = searched
        super().__init__(self.explain("en"))

    def explain(self, lang: str = "zh") -> str:
        where = ", ".join(self.searched) or "(none)"
        if lang == "zh":
            return (
                "找不到可以显示中文的字体，导出的图表会把汉字显示成方框，因此没有导出。"
                "请安装 Debian 软件包 fonts-noto-cjk（运行 bash scripts/setup.sh 即可），"
                f"或把中文字体文件放到 ${FONT_DIR_ENV} 指定的文件夹。已查找：{where}"
            )
        return (
            "No font that can draw Chinese was found, so exported charts would show boxes "
            "instead of characters; nothing was exported. Install Debian's fonts-noto-cjk "
            f"(bash scripts/setup.sh does it) or put a CJK font file in the folder named by "
            f"${FONT_DIR_ENV}. Searched: {where}"
        )


@dataclass(frozen=True)
class CJKFont:
    family: str  # the name vl-convert and the chart config use
    path: Path  # the font file
    index: int  # the face inside a .ttc collection (0 for a single font)


def font_dirs() -> list[Path]:
    """Where fonts are looked for: $CIVBENCH_FONT_DIR first, then the usual system places."""
    dirs = []
    if settings.environment(FONT_DIR_ENV):
        dirs.append(Path(settings.environment(FONT_DIR_ENV)))
    dirs += [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".local/share/fonts",
        Path.home() / ".fonts",
    ]
    return dirs


def candidate_files(dirs: list[Path]) -> list[Path]:
    """Font files whose names suggest CJK coverage (opening every font would be slow)."""
    found = []
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            name = path.name.lower().replace("-", "").replace("_", "")
            if path.suffix.lower() in FONT_SUFFIXES and any(h in name for h in FILE_NAME_HINTS):
                found.append(path)
    return found


def faces(path: Path) -> list[tuple[int, TTFont]]:
    """Every face in a font file, with its index in the collection."""
    if path.suffix.lower() in (".ttc", ".otc"):
        return list(enumerate(TTCollection(str(path), lazy=True).fonts))
    return [(0, TTFont(str(path), lazy=True))]


def family_name(face: TTFont) -> str:
    names = face["name"]
    return str(names.getDebugName(16) or names.getDebugName(1) or "")


def is_regular(face: TTFont) -> bool:
    names = face["name"]
    return str(names.getDebugName(17) or names.getDebugName(2) or "").lower() == "regular"


def draws_chinese(face: TTFont) -> bool:
    cmap = face.getBestCmap() or {}
    return all(ord(ch) in cmap for ch in PROBE_TEXT)


def preference(family: str, regular: bool) -> tuple[int, int]:
    """Sort key: preferred families first, regular weight before bold or light."""
    rank = PREFERRED_FAMILIES.index(family) if family in PREFERRED_FAMILIES else 99
    return (rank, 0 if regular else 1)


def find_cjk_font(dirs: list[Path] | None = None) -> CJKFont:
    """The best font that draws Chinese, or CJKFontMissing naming where it looked.

    Only the name tables are read for every face; the (large) character map is read only
    for the faces tried in order of preference, so the lookup stays well under a second.
    """
    dirs = font_dirs() if dirs is None else dirs
    ranked = []
    for path in candidate_files(dirs):
        try:
            for index, face in faces(path):
                family = family_name(face)
                ranked.append((preference(family, is_regular(face)), family, path, index, face))
        except Exception:  # noqa: BLE001 - a broken font file is skipped, not fatal
            continue
    ranked.sort(key=lambda item: (item[0], str(item[2]), item[3]))
    for _, family, path, index, face in ranked:
        try:
            if family and draws_chinese(face):
                return CJKFont(family, path, index)
        except Exception:  # noqa: BLE001
            continue
    raise CJKFontMissing([str(d) for d in dirs])


@cache
def cjk_font() -> CJKFont:
    """The CJK font for this process, registered with vl-convert (looked up once)."""
    font = find_cjk_font()
    import vl_convert

    vl_convert.register_font_directory(str(font.path.parent))
    return font


# A font for what a CJK font lacks (emoji and pictographs in a unit's name, 🏥医院): Debian's
# fonts-symbola, drawn in outline (vl-convert cannot subset a colour emoji font into a PDF)
SYMBOL_FILE_HINT = "symbola"
SYMBOL_PROBE = "🏥"


@cache
def symbol_font(dirs: tuple[Path, ...] | None = None) -> Path | None:
    """The file of a font drawing emoji in outline, or None (installed by scripts/setup.sh:
    without it the deck's PDF leaves such a character out and a chart draws a box). A
    system font, so vl-convert finds it without being told."""
    for folder in font_dirs() if dirs is None else dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if SYMBOL_FILE_HINT in path.name.lower() and path.suffix.lower() in FONT_SUFFIXES:
                cmap = TTFont(str(path), lazy=True).getBestCmap() or {}
                if ord(SYMBOL_PROBE) in cmap:
                    return path
    return None


def font_problem(lang: str = "zh") -> str | None:
    """What a page shows instead of an export button when no CJK font exists, else None."""
    try:
        cjk_font()
    except CJKFontMissing as missing:
        return missing.explain(lang)
    return None
