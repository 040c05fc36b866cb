"""ui.overview_view without Streamlit: the headline index card's name."""

import polars as pl

from i18n import voice
from ui import overview_view
from ui.context import Context


def overview(lang: str, group: str) -> Context:
    return Context("overview", lang, None, None, "2026Q3", group)


def test_the_index_card_is_named_as_the_decks_headline_names_the_same_figure():
    """The card said 全局文明指数 where the deck's headline says 全市文明指数 85.2."""
    assert overview_view.index_label(overview("zh", "全部")) == "全市文明指数"
    with voice.speaking_for(voice.Bureau("县")):
        assert overview_view.index_label(overview("zh", "全部")) == "全县文明指数"
    assert overview_view.index_label(overview("en", "全部")) == "Bureau civility index"


def test_with_a_peer_group_chosen_the_card_names_the_group_whose_mean_it_shows():
    assert overview_view.index_label(overview("zh", "三级医院")) == "三级医院文明指数"
    label = overview_view.index_label(overview("en", "乡镇卫生院"))
    assert label == "Township health centre civility index"


def ranks(*values: int) -> pl.DataFrame:
    return pl.DataFrame({"unit_code": [f"U{i:04d}" for i in range(len(values))], "rank": values})


def test_a_list_longer_than_ten_for_ties_says_so_in_its_heading():
    """A province's first place was shared by 91 units; 前10名 over a table whose visible
    dozen rows all read 1 named a dozen of them as the top ten."""
    ctx = overview("zh", "全部")
    assert overview_view.end_heading(ctx, "top", ranks(*range(1, 11)), 10) == "前10名"
    assert overview_view.end_heading(ctx, "top", ranks(*[1] * 91), 10) == (
        "前10名：91 家单位并列第一"
    )
    # ranks 1-9 and three units sharing the tenth place: twelve units
    twelve = ranks(*range(1, 10), 10, 10, 10)
    assert overview_view.end_heading(ctx, "top", twelve, 10) == "前10名（含并列，共 12 家）"
    last = ranks(2978, *range(2979, 2988), 2987)  # two share the last place
    assert overview_view.end_heading(ctx, "bottom", last, 10) == "后10名（含并列，共 11 家）"
    english = overview_view.end_heading(overview("en", "全部"), "top", ranks(*[1] * 91), 10)
    assert english == "Top 10: 91 units share first place"
