"""YAML slips told in our own words: what PyYAML found, said as what the writer did wrong
and how to fix it, with the line to look at. Also the characters YAML refuses to read."""

from __future__ import annotations

import re

import yaml

Problem = tuple[int | None, str]

# PyYAML's own test (yaml.reader.Reader.NON_PRINTABLE): every character it refuses to read.
_UNREADABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_C0_NAMES = ("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT",
             "FF", "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
             "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US")
MAX_REPORTED = 10


def unreadable_characters(text: str) -> list[Problem]:
    """Every character YAML cannot read (control characters but tab and line breaks), each as
    (line, sentence with its column); the first MAX_REPORTED, then how many more."""
    problems: list[Problem] = []
    matches = list(_UNREADABLE.finditer(text))
    for match in matches[:MAX_REPORTED]:
        pos = match.start()
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        problems.append((line, f"column {column} holds {_describe_char(match.group())}, which "
                         "YAML does not allow; delete it (such characters come in with text "
                         "pasted from a terminal or another program)."))
    if len(matches) > MAX_REPORTED:
        line = text.count("\n", 0, matches[MAX_REPORTED].start()) + 1
        problems.append((line, f"and {len(matches) - MAX_REPORTED} more such characters from "
                         "here on; delete them all."))
    return problems


def _describe_char(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return f"a control character (U+{code:04X}, {_C0_NAMES[code]})"
    if code == 0x7F:
        return "a control character (U+007F, DEL)"
    if code < 0xA0:
        return f"a control character (U+{code:04X})"
    return f"a character that is not text (U+{code:04X})"


def _line_text(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    return lines[mark.line] if 0 <= mark.line < len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_line(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    for index in range(min(mark.line, len(lines)) - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return lines[index]
    return ""


def _quoted_before(text: str, at: yaml.Mark) -> yaml.ScalarToken | None:
    """The last quoted value that ends on the error's line, before the error."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.end_mark.index > at.index:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass
    return last if last is not None and last.end_mark.line == at.line else None


def _quote_slip(text: str, at: yaml.Mark) -> Problem | None:
    """A quoted value closed too late (its quote was never closed where it began), or a
    single-quoted value cut short by an apostrophe."""
    token = _quoted_before(text, at)
    if token is None:
        return None
    quote, start = token.style, token.start_mark
    if start.line < token.end_mark.line:
        return start.line + 1, (
            f"the quoted value that starts with {quote} at column {start.column + 1} is not "
            f"closed on this line, so YAML reads on to the next {quote} on line "
            f"{token.end_mark.line + 1}; add the closing {quote} at the end of the value.")
    following = text[token.end_mark.index:token.end_mark.index + 1]
    if quote == "'" and following.isalpha():
        return start.line + 1, (
            f"the apostrophe at column {token.end_mark.column} ends the single-quoted value; "
            "write it twice ('') or put the value in double quotes.")
    return None


def explain(exc: yaml.MarkedYAMLError, text: str) -> Problem:
    """One (line, sentence) for a YAML syntax error: what is wrong there and how to fix it."""
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    at = exc.problem_mark or exc.context_mark
    start = exc.context_mark or at
    line = at.line + 1 if at else None
    here = _line_text(text, at)
    column = at.column + 1 if at else 0
    at_line_start = at is not None and here[:at.column].strip() == ""

    slip = _quote_slip(text, at) if at is not None and "quoted scalar" not in context else None
    if slip is not None:
        return slip
    if "expected a single document" in context:
        return line, "the file holds several YAML documents ('---'); keep one spec per file."
    if "'\\t'" in problem:
        return line, (f"a tab at column {column}; YAML indents with spaces only, so replace the "
                      "tab with spaces.")
    if "cannot start any token" in problem:
        found = re.search(r"found character '(.+)'", problem)
        char = found.group(1) if found else "this character"
        return line, (f"a value cannot start with {char!r} in YAML (column {column}); put the "
                      "value in quotes.")
    if "undefined alias" in problem:
        return line, (f"a value starting with '*' is read by YAML as a reference to an anchor "
                      f"(column {column}); put the value in quotes.")
    if "while scanning an anchor" in context or "while scanning an alias" in context:
        return line, (f"a value cannot start with '&' or '*' in YAML (column {column}); put the "
                      "value in quotes.")
    if "unknown escape character" in problem:
        found = re.search(r"escape character '(.+)'", problem)
        char = found.group(1) if found else "?"
        return line, (f"'\\{char}' in double quotes is not an escape YAML knows (column "
                      f"{column - 1}); use single quotes for text with backslashes (a regular "
                      f"expression: '\\{char}'), or double the backslash.")
    if "while scanning a quoted scalar" in context and "end of stream" in problem:
        quote = _line_text(text, start)[start.column] if start else '"'
        return (start.line + 1 if start else line), (
            f"the quoted value that starts with {quote} at column "
            f"{start.column + 1 if start else 0} is never closed; add the closing {quote} at "
            "the end of the value.")
    if "while scanning a simple key" in context and "could not find expected ':'" in problem:
        key_line = _line_text(text, start).strip()
        glued = re.match(r"^(- )?([A-Za-z_][\w-]*):(\S.*)$", key_line)
        if glued:
            return (start.line + 1 if start else line), (
                f"a space is missing after the colon in '{key_line}'; write "
                f"'{glued.group(1) or ''}{glued.group(2)}: {glued.group(3)}'.")
        return (start.line + 1 if start else line), (
            f"'{key_line}' is neither 'key: value' nor a list item; add the ':' (and a space) "
            "after the key, or indent the line under the value it continues.")
    if "while parsing a flow" in context:
        opener = "[" if "sequence" in context else "{"
        closer = "]" if opener == "[" else "}"
        where = f"line {start.line + 1}, column {start.column + 1}" if start else "above"
        return line, (f"the '{opener}' opened on {where} is not closed before this point, or "
                      f"two of its items have no ',' between them; add the missing '{closer}' "
                      "or ',' (or put a value holding ',', ':', '[' or '{' in quotes).")
    if "mapping values are not allowed here" in problem:
        before = here[:column - 1].lstrip(" ")
        before = before[2:] if before.startswith("- ") else before
        previous = _previous_line(text, at) if at else ""
        if ":" not in before and previous and _indent(here) > _indent(previous):
            return line, ("this line is indented further than the one before, so YAML reads it "
                          "as part of the value above; keys of one mapping must line up.")
        return line, (f"a value holds ':' (column {column}), which YAML reads as the start of "
                      "another key; put the whole value in quotes.")
    if "sequence entries are not allowed here" in problem:
        return line, (f"a list item ('- ') starts after a key on the same line (column "
                      f"{column}); put the item on the next line, indented, or quote the value.")
    if "expected '<document start>'" in problem:
        return line, ("this line is indented differently from the one before; keys of one "
                      "mapping must line up (the top-level keys at the start of the line).")
    if "expected <block end>" in problem:
        if "<block sequence start>" in problem or "'-'" in problem:
            return line, ("this list item is indented differently from the ones before; the "
                          "'-' of one list must line up.")
        if not at_line_start and "'<scalar>'" in problem:
            return line, (f"text follows a quoted value (column {column}); put the whole value "
                          "inside the quotes.")
        return line, ("this line is indented differently from the one before; keys of one "
                      "mapping must line up.")
    if "did not find expected key" in problem or "did not find expected '-'" in problem:
        return line, ("this line is indented differently from the one before; keys of one "
                      "mapping (and the '-' of one list) must line up.")
    words = problem or context or "invalid YAML"
    return line, f"YAML cannot read this line ({words}); compare it with the lines around it."
