"""The merged strings: every key in both languages, no key defined twice, formatting works."""

import importlib
import pkgutil

import pytest

import i18n
from accounts import SignInLocked
from etl.problems import FileRejected
from i18n import STRINGS, normalise_lang, t


def test_every_key_has_chinese_and_english():
    incomplete = [
        key
        for key, pair in STRINGS.items()
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(p.strip() for p in pair))
    ]
    assert incomplete == []


def test_no_key_is_defined_by_two_modules():
    assert i18n.DUPLICATES == {}


def has_cjk(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def has_latin_words(text: str) -> bool:
    # placeholders such as {name} and codes such as CSV do not count as words
    import re

    bare = re.sub(r"\{[^}]*\}|[A-Z0-9]{2,}|[A-Za-z_./]+\.(md|py|csv|sql)\b|queries/\S*", "", text)
    return re.search(r"[a-z]{3,}", bare) is not None


def test_chinese_text_is_chinese():
    # a Chinese entry in English words (and no Chinese) is usually English pasted twice;
    # symbol-only entries such as "↑{n}" are the same in both languages
    not_chinese = [k for k, (zh, _) in STRINGS.items() if has_latin_words(zh) and not has_cjk(zh)]
    assert not_chinese == []
    assert has_latin_words("Rankings") and not has_latin_words("↑{n}")


def test_lookup_and_format():
    assert t("frame.menu.rankings", "zh") == "排名"
    assert t("frame.menu.rankings", "en") == "Rankings"
    assert t("frame.signed_in_as", "en", user="li", role="admin") == "Signed in as li (admin)"
    assert t("no.such.key", "en") == "no.such.key"


def test_english_counts_one_in_the_singular_and_keeps_given_values_as_written():
    """A county's bureau meets a count of 1 all the time: "(1 units)", "1 units' index" read
    wrong (trial J). The noun after a count field of 1 is singular; other counts, Chinese, and
    the values given (a file named "1 files.csv") stay as they are."""
    key = "published.revisions"
    assert t(key, "en", count=1) == "Revisions since publication (1 unit)"
    assert t(key, "en", count=21) == "Revisions since publication (21 units)"
    assert t(key, "zh", count=1) == STRINGS[key][0].format(count=1)
    assert i18n.english.counted("{units} units' index", {"units": 1}) == "{units} unit's index"
    assert i18n.english.counted("{n} hours", {"n": 1.0}) == "{n} hours"  # 1.0 hours
    # trial (session 59): "(1 changes to weights, targets or indicators)" on the headline slide
    said = t("pack.headline.system_changed", "en", count=1)
    assert "(1 change to weights" in said and "(1 changes" not in said
    assert i18n.english.counted("{n} files: {name}", {"n": 2, "name": "1 files.csv"}) == (
        "{n} files: {name}"
    )


def test_english_verbs_after_a_list_follow_its_count():
    """ "2025Q3, 2025Q4 is published": a verb after a list's field is plural when the count
    given beside it (``<field>_count``) is more than one; a count of one, none given (a note
    kept in a log before counts were), or another field's count leave it singular."""
    verbs = "{quarters} is published; {quarters} was; {quarters} has ended; {name} is"
    plural = "{quarters} are published; {quarters} were; {quarters} have ended; {name} is"
    assert i18n.english.counted(verbs, {"quarters_count": 2}) == plural
    assert i18n.english.counted(verbs, {"quarters_count": 1}) == verbs
    assert i18n.english.counted(verbs, {"quarters": "2025Q3, 2025Q4"}) == verbs
    assert i18n.english.counted("{name} is {this}", {"this_count": 2}) == "{name} is {this}"
    assert t("load.restated", "en", quarters="2025Q3, 2025Q4", quarters_count=2).startswith(
        "; note: 2025Q3, 2025Q4 are published, and this load's rows"
    )


CATALOGUES = sorted(
    m.name for m in pkgutil.iter_modules(i18n.__path__) if m.name.startswith("strings_")
)


@pytest.mark.parametrize("module", CATALOGUES)
def test_no_english_string_counts_with_an_s_in_brackets(module):
    """English said "1 unit(s)", "3 finding(s)" where t() puts a counted noun in the singular
    after a count of one: a string writes the plural after its count and the rule does the
    rest ("1 unit", "3 units")."""
    strings = importlib.import_module(f"i18n.{module}").STRINGS
    assert strings
    assert [key for key, (_, en) in strings.items() if "(s)" in en] == []


def test_a_list_after_a_plural_noun_is_counted_by_the_same_rule():
    """The upload check said "quarters 2025Q3" and etl publications "without withdrawn loads
    7" of one quarter, one load: the list now follows its count, and the noun its number."""
    quarters = "upload.checked_quarters"
    assert t(quarters, "en", count=1, quarters="2025Q3") == ", 1 quarter (2025Q3)"
    assert t(quarters, "en", count=2, quarters="2025Q2, 2025Q3") == ", 2 quarters (2025Q2, 2025Q3)"
    assert t(quarters, "zh", count=1, quarters="2025Q3") == "，季度 2025Q3"
    loads = "cli.withdrawn_loads"
    assert t(loads, "en", count=1, loads="7") == " (without the 1 load withdrawn: 7)"
    assert t(loads, "en", count=2, loads="7, 9") == " (without the 2 loads withdrawn: 7, 9)"


def test_the_exceptions_english_counts_by_the_same_rule():
    """A refused file's and a locked sign-in's exception text said "1 problem(s)", "1 minute(s)"."""
    assert str(FileRejected([], total=1)) == "1 problem"
    assert str(FileRejected([], total=3)) == "3 problems"
    assert str(SignInLocked(1)) == "Too many failed sign-ins; try again in 1 minute."
    assert str(SignInLocked(5)) == "Too many failed sign-ins; try again in 5 minutes."


def test_language_codes_are_normalised():
    assert normalise_lang("en-GB") == "en"
    assert normalise_lang("zh-Hans-CN") == "zh"
    assert normalise_lang("fr") == "zh"
    assert normalise_lang(None) == "zh"


def test_every_page_a_chinese_text_sends_the_reader_to_is_in_the_menu():
    """“单位概况”页 sent leaders to a page the menu calls 单位画像."""
    import re

    menu = {pair[0] for key, pair in STRINGS.items() if key.startswith("frame.menu.")}
    named = {
        (key, page)
        for key, pair in STRINGS.items()
        for page in re.findall(r"“([^”{}]+)”页", pair[0])
    }
    assert len(named) >= 10
    assert {(key, page) for key, page in named if page not in menu} == set()


@pytest.mark.parametrize(
    ("path", "user"),
    [
        ("pages/rankings.py", None),
        ("pages/trends.py", None),
        ("pages/meeting_pack.py", "analyst"),
        ("pages/users_admin.py", "admin"),
    ],
)
def test_no_multiselect_offers_streamlits_english_select_all(open_page, path, user):
    # Streamlit's own "Select all" entry cannot be translated; none chosen already means all
    at = open_page(path, user=user, lang="zh")
    assert not at.exception
    boxes = at.multiselect
    assert len(boxes) >= 1
    assert [box.proto.select_all for box in boxes] == [0] * len(boxes)
