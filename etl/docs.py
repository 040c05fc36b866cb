"""The contracts as Markdown, for the README and the upload page (one source, etl/contracts.py)."""

from __future__ import annotations

from etl.contracts import CONTRACTS, Contract

PERCENT_MEANING = {"fraction": "; 95% means 0.95", "points": "; 95% means 95"}


def spellings(allowed: dict[str, tuple[str, ...]]) -> str:
    """Each allowed value with its other accepted spellings in brackets (the README's contracts,
    and a command line's refusal of a value that names none)."""
    return "; ".join(
        f"{value} ({', '.join(others)})" if others else value for value, others in allowed.items()
    )


def contract_markdown(contract: Contract) -> str:
    lines = [
        f"### {contract.kind} ({contract.zh}) → table `{contract.table}`",
        "",
        "| column | 中文 | also accepted | type | required | accepts |",
        "|---|---|---|---|---|---|",
    ]
    for c in contract.columns:
        aliases = ", ".join(c.aliases) or "—"
        accepts = c.expectation() + PERCENT_MEANING.get(c.percent, "")
        lines.append(
            f"| `{c.name}` | {c.zh} | {aliases} | {c.type} | {'yes' if c.required else 'no'} "
            f"| {accepts} |"
        )
    lines.append("")
    lines.append(f"Key (no two rows may share it): {', '.join(contract.key)}.")
    lines.append(
        "A corrected file replaces the earlier rows with the same "
        f"{', '.join(contract.replaces_by)}."
    )
    if contract.one_of:
        lines.append(f"Each row gives at least one of: {', '.join(contract.one_of)}.")
    for rule in contract.rules:
        lines.append(f"- Rule: {rule.message}.")
    for c in contract.columns:
        if c.allowed:
            lines.append(
                f"- `{c.name}` values (other accepted spellings in brackets): "
                f"{spellings(c.allowed)}."
            )
    return "\n".join(lines)


def contracts_markdown() -> str:
    return "\n\n".join(contract_markdown(c) for c in CONTRACTS.values())
