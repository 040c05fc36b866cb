"""The command lines' parser, speaking the user's language: its helps and its refusals.

argparse says its usage line, its section headings and its refusals (a command that does not
exist, a missing argument, a choice not offered) in English only; an analyst working in
Chinese (``--lang zh``, or a Chinese locale, ``etl.messages.message_lang``) read "invalid
choice: 'laod'" and English helps where every other word of the commands is Chinese.
``SpeakingParser`` takes its description and every option's help as catalogue messages
(``Text``, ``i18n/strings_cli.py``) and says them, and argparse's headings, in the language
found on the command line before any help is built; it recognises argparse's refusals (Python
3.11's wording) and says them with the catalogue's words; a sentence it does not know stays as
argparse said it, so a newer Python never loses a refusal, only its translation.

The exit codes every program returns, and the one sentence each program's help says them in,
are here too (``EXIT_*``, ``exit_codes``).
"""

from __future__ import annotations

import argparse
import copy
import functools
import re
import sys
from typing import NoReturn

from etl.messages import Text, error_line, lang_in, message_lang, msg, same
from etl.widths import display_width, wrapped

# every program's exit codes (etl.entry's too): the help says them in ``exit_codes``'s words
EXIT_OK, EXIT_BAD_INPUT, EXIT_BUSY, EXIT_NO_FONT, EXIT_INTERRUPTED = 0, 2, 3, 4, 130


class InterruptedAfterLoad(KeyboardInterrupt):
    """Ctrl-C reached a command after a load of it committed (while it was being recorded):
    the load is in, which the command says, not that its write was undone
    (etl/entry.py ``run_command``). ``load_id``: the load's number."""

    def __init__(self, load_id: int):
        super().__init__(load_id)
        self.load_id = load_id


ARGUMENT = r"argument (?P<name>[^:]+): "
CHOICE = r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)"
# argparse's sentences, the most particular first, and the catalogue key of each
REFUSALS = (
    (r"the following arguments are required: command", "args.no_command"),
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
    # an option's own refusal in Chinese (its type function's: etl/cli.py ``kind_given``),
    # whose lead alone is argparse's; an English one stays as said, as argparse's own
    (ARGUMENT + r"(?P<text>.*[^\x00-\x7f].*)", "args.argument"),
)


def said_in(message: str, lang: str) -> str:
    """argparse's refusal ``message`` in ``lang``, in the catalogue's words (as argparse said
    it when the sentence is unknown)."""
    for pattern, key in REFUSALS:
        found = re.fullmatch(pattern, message, flags=re.DOTALL)
        if found:
            # argparse's lists (choices, names) with the language's list separator (、)
            separator = msg("text.list_sep").in_lang(lang)
            values = {k: v.replace(", ", separator) for k, v in found.groupdict().items()}
            return msg(key, **values).in_lang(lang)
    return message


def lang_lead(args: list[str]) -> int:
    """How many of ``args``' first words are a ``--lang`` given before the command: 2
    (``--lang zh``), 1 (``--lang=zh``) or 0."""
    if args[:1] == ["--lang"]:
        return min(len(args), 2)
    return 1 if args[:1] and args[0].startswith("--lang=") else 0


def exit_codes(font: bool = False) -> Text:
    """The exit codes, as every program's help says them (``font``: the pack's 4, no CJK
    font, too)."""
    return msg("args.exit_codes", more=msg("args.exit_font") if font else same(""))


# argparse's own section headings, as its source names them
HEADINGS = {"positional arguments": "args.positionals", "options": "args.options"}


def spoken(text: object, lang: str) -> object:
    """A help text in ``lang``: a catalogue message said in it, anything else as it is."""
    return text.in_lang(lang) if isinstance(text, Text) else text


class SpeakingFormatter(argparse.HelpFormatter):
    """argparse's formatter saying the parser's ``Text`` helps and its own headings in
    ``lang`` (set by ``SpeakingParser`` before a help is built)."""

    lang = "en"

    def _format_action(self, action: argparse.Action) -> str:
        # argparse reads ``help`` as a string in several places: give it a copy with the words
        shown = copy.copy(action)
        shown.help = spoken(action.help, self.lang)
        return super()._format_action(shown)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # by the columns a terminal shows: textwrap counts a Chinese character as one column
        # and breaks only at spaces, so a Chinese help ran twice the width and split a date
        return wrapped(" ".join(text.split()), width, display_width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in self._split_lines(text, width - len(indent)))

    def start_section(self, heading: str | None) -> None:
        key = HEADINGS.get(heading or "")
        super().start_section(msg(key).in_lang(self.lang) if key else heading)

    def add_text(self, text: object) -> None:
        super().add_text(spoken(text, self.lang))

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        prefix = msg("args.usage").in_lang(self.lang) if prefix is None else prefix
        super().add_usage(usage, actions, groups, prefix)


class SpeakingParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose helps, usage line and refusals are said in the command
    line's language (its ``--lang``, else ``default_lang``, else the locale). ``description``,
    ``epilog`` and every option's help are catalogue messages; the epilog is the exit codes
    unless given. Subcommands' parsers are of this class too, with the same default language
    and exit codes, each reading the words it was given."""

    lang: str | None = None

    def __init__(
        self,
        *args,
        default_lang: str | None = None,
        epilog: Text | None = None,
        add_help: bool = True,
        **kwargs,
    ) -> None:
        kwargs.setdefault("formatter_class", SpeakingFormatter)
        super().__init__(*args, epilog=epilog or exit_codes(), add_help=False, **kwargs)
        self.default_lang = default_lang
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=msg("args.show_help")
            )

    def add_subparsers(self, **kwargs):
        kwargs.setdefault(
            "parser_class",
            functools.partial(type(self), default_lang=self.default_lang, epilog=self.epilog),
        )
        return super().add_subparsers(**kwargs)

    def spoken_lang(self) -> str:
        return message_lang(self.lang or self.default_lang)

    def parse_known_args(self, args=None, namespace=None):
        args = list(sys.argv[1:] if args is None else args)
        self.lang = lang_in(args)
        return super().parse_known_args(self.command_first(args), namespace)

    def command_first(self, args: list[str]) -> list[str]:
        """``args`` with a ``--lang`` given before the command (``python -m etl --lang zh
        history``, where argparse would take zh for the command) moved after it, or left out
        where the command takes none (its language was read already, ``lang_in``)."""
        lead = lang_lead(args)
        commands = [a for a in self._actions if isinstance(a, argparse._SubParsersAction)]
        if not lead or not commands:
            return args
        rest = args[lead:]
        command = commands[0].choices.get(rest[0]) if rest else None
        takes_lang = command is not None and "--lang" in command._option_string_actions
        return [*rest, *args[:lead]] if takes_lang else rest

    def _get_formatter(self) -> argparse.HelpFormatter:
        formatter = super()._get_formatter()
        formatter.lang = self.spoken_lang()
        return formatter

    def error(self, message: str) -> NoReturn:
        lang = self.spoken_lang()
        self.print_usage(sys.stderr)
        hint = msg("args.help", prog=self.prog).in_lang(lang)
        self.exit(2, f"{self.prog}: {error_line(said_in(message, lang), lang)}{hint}\n")
