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
    "seconds": "second",
    "changes": "change",
}
# a count's field in a template ("{n}", "{count:,}") and the noun it counts right after it
COUNTED = re.compile(r"\{(\w+)(:[^}]*)?\} (" + "|".join(map(re.escape, SINGULAR)) + r")(?![\w'])")


# a verb after a list's field ("{quarters} is published") and its plural, for a list of more
# than one: the list's length is given beside it as ``<field>_count`` (a message kept in a log
# before the length was given says the singular it always said)
PLURAL_VERBS = {"is": "are", "was": "were", "has": "have"}
AGREEING = re.compile(r"\{(\w+)\} (" + "|".join(PLURAL_VERBS) + r")\b")


def counted(template: str, values: dict) -> str:
    """``template`` with each noun counted by a field whose value is 1 in the singular:
    "{n} units' index" with n = 1 → "{n} unit's index"; and each verb after a list's field
    in the plural when the list holds more than one: "{quarters} is published" with
    quarters_count = 2 → "{quarters} are published". The template, not the formatted text,
    is changed, so that a value given (a file or unit name) is kept as written."""

    def singular(found: re.Match) -> str:
        field, spec, noun = found.groups()
        value = values.get(field)
        one = (type(value) is int and value == 1) or value == "1"  # not 1.0 hours, not True
        return "{" + field + (spec or "") + "} " + (SINGULAR[noun] if one else noun)

    def agreeing(found: re.Match) -> str:
        field, verb = found.groups()
        many = values.get(f"{field}_count")
        plural = type(many) is int and many > 1
        return "{" + field + "} " + (PLURAL_VERBS[verb] if plural else verb)

    return AGREEING.sub(agreeing, COUNTED.sub(singular, template))
