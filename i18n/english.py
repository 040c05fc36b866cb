"""English after a count of one: the catalogue writes "{n} units", and a county's bureau meets
n = 1 all the time ("Revisions since publication (1 units)"). Chinese has no plural (1 家,
3 家). ``counted`` puts a noun the catalogue counts in the singular when its count is 1, so
that no string needs a second, singular form."""

from __future__ import annotations

import re

SINGULAR = {
    "units'": "unit's",
    "units": "unit",
    "loads": "load",
    "findings": "finding",
    "open findings": "open finding",
    "quarters": "quarter",
    "files": "file",
    "rows": "row",
    "existing rows": "existing row",
    "replaced rows": "replaced row",
    "fact rows": "fact row",
    "data rows": "data row",
    "days": "day",
    "sessions": "session",
    "sheets": "sheet",
    "problems": "problem",
    "publications": "publication",
    "accounts": "account",
    "users": "user",
    "indicators": "indicator",
    "districts": "district",
    "prefectures": "prefecture",
    "counties": "county",
    "banners": "banner",
    "townships": "township",
    "subdistricts": "subdistrict",
    "times": "time",
    "hours": "hour",
    "minutes": "minute",
}
# a count's field in a template ("{n}", "{count:,}") and the noun it counts right after it
COUNTED = re.compile(r"\{(\w+)(:[^}]*)?\} (" + "|".join(map(re.escape, SINGULAR)) + r")(?![\w'])")


def counted(template: str, values: dict) -> str:
    """``template`` with each noun counted by a field whose value is 1 in the singular:
    "{n} units' index" with n = 1 → "{n} unit's index". The template, not the formatted text,
    is changed, so that a value given (a file or unit name) is kept as written."""

    def singular(found: re.Match) -> str:
        field, spec, noun = found.groups()
        value = values.get(field)
        one = (type(value) is int and value == 1) or value == "1"  # not 1.0 hours, not True
        return "{" + field + (spec or "") + "} " + (SINGULAR[noun] if one else noun)

    return COUNTED.sub(singular, template)
