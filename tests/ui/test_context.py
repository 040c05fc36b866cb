"""ui.context.Context: the page's words and the links that keep the reader's view."""

from ui.context import Context


def test_link_params_keep_the_shared_choices_and_drop_the_empty_ones():
    ctx = Context("rankings", "en", None, None, "2026Q2", "全部")
    assert ctx.link_params() == {"lang": "en", "quarter": "2026Q2", "peer_group": "全部"}
    empty = Context("rankings", "zh", None, None, None, None)
    assert empty.link_params() == {"lang": "zh"}


def test_t_says_the_key_in_the_pages_language():
    assert Context("p", "en", None, None, None, None).t("frame.menu.rankings") == "Rankings"
    assert Context("p", "zh", None, None, None, None).t("frame.menu.rankings") == "排名"
