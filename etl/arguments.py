"""The command lines' parser, refusing a mistyped command in the user's language.

argparse says its refusals (a command that does not exist, a missing argument, a choice not
offered) in English only; an analyst working in Chinese (``--lang zh``, or a Chinese locale,
``etl.messages.message_lang``) read "invalid choice: 'laod'" where every other refusal of the
commands is Chinese. ``SpeakingParser`` recognises argparse's sentences (Python 3.11's wording)
and says them with the catalogue's words; a sentence it does not know stays as argparse said
it, so a newer Python never loses a refusal, only its translation.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from etl.messages import error_line, lang_in, message_lang, msg

ARGUMENT = r"argument (?P<name>[^:]+): "
CHOICE = r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"
# argparse's sentences, the most particular first, and the catalogue key of each
REFUSALS = (
    (r"the following arguments are required: (?P<names>.+)", "args.required"),
    (r"unrecognized arguments: (?P<names>.+)", "args.unrecognized"),
    (r"one of the arguments (?P<names>.+) is required", "args.one_required"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "args.ambiguous"),
    (
        r"argument command: invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
        "args.command",
    ),
    (ARGUMENT + r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)", "args.choice"),
    (ARGUMENT + r"expected one argument", "args.expected_one"),
    (ARGUMENT + r"expected at least one argument", "args.expected_some"),
    (ARGUMENT + r"not allowed with argument (?P<other>.+)", "args.not_with"),
    (ARGUMENT + r"invalid int value: (?P<value>.+)", "args.not_whole"),
    (ARGUMENT + r"invalid float value: (?P<value>.+)", "args.not_number"),
)


def said_in(message: str, lang: str) -> str:
    """argparse's refusal ``message`` in ``lang`` (as it is, in English or when unknown)."""
    if lang == "en":
        return message
    for pattern, key in REFUSALS:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found:
            # argparse's lists (choices, names) with the list separator of Chinese: 、
            values = {k: v.replace(", ", "、") for k, v in found.groupdict().items()}
            return msg(key, **values).in_lang(lang)
    return message


class SpeakingParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage line and refusals are said in the command line's
    language (its ``--lang``, else the locale). Subcommands' parsers are of this class too
    (argparse makes them of their parent's class), each reading the words it was given."""

    lang: str | None = None

    def __init__(self, *args, description: str | None = None, **kwargs) -> None:
        # a module docstring serves as the description: its ``markup`` is not for the terminal
        shown = description.replace("``", "") if description else description
        super().__init__(*args, description=shown, **kwargs)

    def parse_known_args(self, args=None, namespace=None):
        self.lang = lang_in(list(sys.argv[1:] if args is None else args))
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        usage = super().format_usage()
        if message_lang(self.lang) == "zh":
            return re.sub(r"^usage: ", msg("args.usage").zh, usage)
        return usage

    def error(self, message: str) -> NoReturn:
        lang = message_lang(self.lang)
        if lang == "en":
            super().error(message)
        self.print_usage(sys.stderr)
        hint = msg("args.help", prog=self.prog).in_lang(lang)
        self.exit(2, f"{self.prog}: {error_line(said_in(message, lang), lang)}{hint}\n")
