"""The CJK font lookup: found on this machine, and a plain error where there is none."""

import shutil
from pathlib import Path

import pytest

from charts.fonts import CJKFontMissing, cjk_font, find_cjk_font

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_finds_simplified_chinese_regular_face():
    font = cjk_font()
    assert font.family == "Noto Sans CJK SC"
    assert font.path.name == "NotoSansCJK-Regular.ttc"
    # fc-list on this machine: NotoSansCJK-Regular.ttc face 2 is "Noto Sans CJK SC"
    assert font.index == 2


def test_no_font_folder_raises_plain_error(tmp_path):
    with pytest.raises(CJKFontMissing) as err:
        find_cjk_font([tmp_path])
    assert "fonts-noto-cjk" in str(err.value)
    assert "找不到可以显示中文的字体" in err.value.explain("zh")
    assert str(tmp_path) in err.value.explain("en")


def test_a_font_named_cjk_without_chinese_glyphs_is_refused(tmp_path):
    # A Latin-only font disguised by its file name must not pass: it would draw boxes.
    shutil.copy(DEJAVU, tmp_path / "FakeCJK-Regular.ttf")
    with pytest.raises(CJKFontMissing):
        find_cjk_font([tmp_path])


def test_font_folder_from_environment(tmp_path, monkeypatch):
    (tmp_path / "NotoSansCJK-Regular.ttc").symlink_to(cjk_font().path)
    monkeypatch.setenv("CIVBENCH_FONT_DIR", str(tmp_path))
    from charts.fonts import font_dirs

    assert font_dirs()[0] == tmp_path
    found = find_cjk_font([tmp_path])
    assert found.path == tmp_path / "NotoSansCJK-Regular.ttc"
