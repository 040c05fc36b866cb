"""Strings of the Upload page's dry-run summary (the page's other strings are in
strings_frame.py; the problems themselves are in strings_etl.py)."""

STRINGS = {
    # {quarters} and {units}: the two parts below, each only when the file has such a column
    # (an indicator-system file has neither)
    "upload.checked": (
        "检查通过：读取 {rows:,} 行{quarters}{units}。",
        "Check passed: {rows:,} rows read{quarters}{units}.",
    ),
    # {count}: how many quarters are listed (English: "1 quarter (2025Q3)")
    "upload.checked_quarters": ("，季度 {quarters}", ", {count:,} quarters ({quarters})"),
    "upload.checked_units": ("，{units:,} 个单位", ", {units:,} units"),
    "upload.will_replace": (
        "将替换 {replaced:,} 行已有数据：上传后这些数据由本文件的数据取代（原数据存档，撤回本批次"
        "即可恢复）。如不应替换，请不要上传此文件。",
        "Will replace {replaced:,} existing rows: loading puts this file's rows in their place "
        "(they are archived and come back if the load is withdrawn). If they should stay, do "
        "not load this file.",
    ),
    "upload.published": (
        "{quarters} 已发布：页面和会议材料默认显示发布时的数据，本次数据将列为发布后的修订；"
        "如需按更正后的数据重新发布，请再次发布该季度。",
        "{quarters} is published: pages and packs show the figures as published by default, "
        "and this load will be listed among the revisions since. To issue the corrected "
        "figures, publish {quarters} again.",
    ),
    "upload.not_in_file": (
        "其中 {count:,} 行不在本文件中，也会被取代：一个文件取代其单位在其季度的全部已有数据。"
        "若本文件只是补充（如按月报送），请把整个季度的数据放在一个文件中上传。",
        "That includes {count:,} rows not in this file, to be replaced all the same: a file "
        "replaces its units' earlier rows of its quarters. If it only adds to them (a monthly "
        "file), load the whole quarter in one file.",
    ),
    "upload.replaces_nothing": (
        "不会替换任何已有数据。",
        "No existing rows will be replaced.",
    ),
}
