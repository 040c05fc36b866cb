"""ui.overview_view without Streamlit: the headline index card's name."""

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
