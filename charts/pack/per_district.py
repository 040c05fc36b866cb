"""One meeting pack per district, each scoped to its district: what a bureau's scheduler runs
each quarter (``python -m charts pack --quarter Q --per-district --out DIR``, README).

Each district's pack (PPTX, PDF and the draft circular) is made under
``Scope(districts=(district,))``, so no query behind it can list a unit of another district,
and written to stable names, ``2026Q3_城关区.pptx``: the next run for the quarter replaces
them. Every pack is written under a temporary name first and all are renamed only once every
district's pack is made: a reader (the dashboard, a mail job) never finds a half-written pack,
and a run that fails half way leaves the folder as the previous run left it, not some
districts' packs new and others old.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from charts.export import safe_filename
from charts.pack.data import Progress
from charts.pack.make import make_pack
from charts.pack.request import PackInputError, PackRequest, check_quarter
from etl.db import held_still
from i18n import t
from queries import run
from queries.scope import EVERYTHING, Scope

EXTENSIONS = ("pptx", "pdf", "docx")


@dataclass
class Written:
    district: str
    paths: list[Path]
    sizes: list[int]
    slides: int
    seconds: float


def district_scope(scope: Scope, district: str) -> Scope:
    """The scope of one district's pack: the district, or the reader's own unit when the
    reader's scope is a unit (a unit's account sees no more of its district than that)."""
    return scope if scope.unit is not None else Scope(districts=(district,))


def pack_names(quarter: str, districts: list[str]) -> dict[str, str]:
    """The file stem of each district's pack (``2026Q3_城关区``), safe on every system;
    PackInputError if two districts would share one."""
    stems = {d: safe_filename(f"{quarter}_{d}") for d in districts}
    seen: dict[str, str] = {}
    for district, stem in stems.items():
        if stem in seen:
            raise PackInputError(
                f"districts {seen[stem]!r} and {district!r} would both be written as {stem}.*"
            )
        seen[stem] = district
    return stems


def part_of(path: Path) -> Path:
    return path.with_name(path.name + ".part")


def pack_districts(con, quarter: str, scope: Scope, publication: int | None) -> list[str]:
    """The districts that get a pack of the quarter: those holding the quarter's units in the
    state the packs show (a publication's) by each unit's latest registry row today, as a
    district's scope counts its units, in a publication's figures too (etl/registry.sql,
    ``unit_districts``). A unit moved since is in the pack of the district
    that now answers for it (a district made later gets one for it); a district left without
    units gets none."""
    as_shown = {} if publication is None else {"publication": publication}
    found = run(con, "districts", scope, quarter=quarter, **as_shown)
    return sorted(found["district"])


def per_district_packs(
    con,
    quarter: str,
    folder: Path,
    lang: str = "zh",
    scope: Scope = EVERYTHING,
    publication: int | None = None,
    progress: Callable[[str], Progress] | None = None,
    extensions: tuple[str, ...] = EXTENSIONS,
) -> list[Written]:
    """Write every district's pack in ``scope`` into ``folder``, all or none; PackInputError
    (nothing written) when the quarter has no data or the scope holds no district. Every pack
    reads the store as it was when the run began (``etl.db.held_still``): a load meanwhile
    would give the packs made after it other city-wide figures than those made before.

    ``extensions``: which of each pack's files to write (of ``EXTENSIONS``, all by default;
    ``("docx",)`` the circulars alone, no chart rendered), in the order of ``EXTENSIONS``."""
    unknown = set(extensions) - set(EXTENSIONS)
    if unknown or not extensions:
        raise ValueError(f"extensions {extensions!r}: choose from {EXTENSIONS!r}")
    chosen = [ext for ext in EXTENSIONS if ext in extensions]
    if publication is None:
        con = held_still(con)
    quarters = run(con, "loaded_quarters", scope)["quarter"].to_list()
    check_quarter(quarter, quarters, lang)
    districts = pack_districts(con, quarter, scope, publication)
    if not districts:
        raise PackInputError(t("pack.error.no_districts", lang, scope=scope.describe()))
    stems = pack_names(quarter, districts)
    folder.mkdir(exist_ok=True)  # only once there is something to write into it
    written: list[Written] = []
    parts: list[Path] = []  # written so far, under their temporary names
    try:
        for district in districts:
            request = PackRequest(
                quarter,
                lang,
                districts=(district,),
                publication=publication,
                scope=district_scope(scope, district),
            )
            files = make_pack(
                con,
                request,
                progress=progress(district) if progress else None,
                pptx="pptx" in chosen,
                pdf="pdf" in chosen,
                circular="docx" in chosen,
            )
            made = {"pptx": files.pptx, "pdf": files.pdf, "docx": files.docx}
            paths, sizes = [], []
            for ext in chosen:
                data = made[ext]
                path = folder / f"{stems[district]}.{ext}"
                parts.append(part_of(path))
                parts[-1].write_bytes(data)
                paths.append(path)
                sizes.append(len(data))
            written.append(Written(district, paths, sizes, len(files.slides), files.seconds))
    except BaseException:
        for part in parts:
            part.unlink(missing_ok=True)
        raise
    for path in (p for w in written for p in w.paths):
        part_of(path).replace(path)
    return written
