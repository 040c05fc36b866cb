"""What a page knows about its run (``Context``), in a module of its own.

``ui.frame`` builds it and ``ui.signin`` and the page views read it; keeping it here lets both
import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from charts.labels import MISSING, quarter_label
from i18n import t


@dataclass(frozen=True)
class Context:
    """What a page needs to know about this run.

    ``peer_group`` is a stored peer group or 全部 (all groups), as the named queries take it;
    ``quarter`` is None only when no data is loaded yet.
    """

    page_id: str
    lang: str
    user: str | None
    role: str | None
    quarter: str | None
    peer_group: str | None
    quarters: tuple[str, ...] = ()

    def t(self, key: str, **fmt: object) -> str:
        return t(key, self.lang, **fmt)

    @property
    def quarter_text(self) -> str:
        """The chosen quarter as the page says it (2026年第3季度, 2026 Q3); a dash for none."""
        return self.quarter_said(self.quarter) if self.quarter else MISSING

    def quarter_said(self, quarter: str) -> str:
        """Any quarter as the page says it: a page's sentences and the quarter box speak as the
        exports do; the data's own spelling (2026Q3) is for files, tables and the command line."""
        return quarter_label(quarter, self.lang)

    def link_params(self) -> dict[str, str]:
        """The shared selections as URL parameters, for links that keep the view."""
        params = {"lang": self.lang, "quarter": self.quarter, "peer_group": self.peer_group}
        return {k: v for k, v in params.items() if v}
