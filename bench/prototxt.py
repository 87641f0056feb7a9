"""Minimal reader for Caffe's prototxt (protobuf text format): fields, nested messages, repeated fields.

parse(text) -> Message. A Message maps a field name to the list of its values in file order
(every field is treated as repeated); a value is a str (strings and enum identifiers), an int,
a float, a bool, or a nested Message. Errors are ValueError naming source:line:col.
"""
import re

_TOKEN = re.compile(r"""
    (?P<ws>\s+) | (?P<comment>\#[^\n]*)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<punct>[{}:;,<>\[\]])
  | (?P<word>[A-Za-z0-9_.+\-]+)
""", re.VERBOSE)

_INT = re.compile(r"^[+-]?(0x[0-9a-fA-F]+|[0-9]+)$")
_FLOAT = re.compile(r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fF]?$|^[+-]?(inf|nan)$", re.IGNORECASE)


class Message(dict):
    """Field name -> list of values. Helpers read the first value with a default."""

    def get1(self, name, default=None):
        values = self.get(name)
        return values[0] if values else default

    def all(self, name):
        return self.get(name, [])

    def msg(self, name):
        """The first nested message called `name`, or an empty one."""
        values = self.get(name)
        return values[0] if values else Message()


def _tokens(text, source):
    pos, line, col = 0, 1, 1
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ValueError(f"{source}:{line}:{col}: unexpected character {text[pos]!r}")
        kind, value = m.lastgroup, m.group()
        if kind not in ("ws", "comment"):
            yield kind, value, line, col
        newlines = value.count("\n")
        if newlines:
            line += newlines
            col = len(value) - value.rfind("\n")
        else:
            col += len(value)
        pos = m.end()


def _scalar(kind, value):
    if kind == "string":
        return bytes(value[1:-1], "utf-8").decode("unicode_escape")
    if value in ("true", "True"):
        return True
    if value in ("false", "False"):
        return False
    if _INT.match(value):
        return int(value, 0)
    if _FLOAT.match(value):
        return float(value.rstrip("fF"))
    return value  # enum identifier


def parse(text, source="<prototxt>"):
    toks = list(_tokens(text, source))
    pos = 0

    def where(i):
        if i < len(toks):
            return f"{source}:{toks[i][2]}:{toks[i][3]}"
        return f"{source}:end of file"

    def message(closing):
        nonlocal pos
        msg = Message()
        while True:
            if pos >= len(toks):
                if closing is None:
                    return msg
                raise ValueError(f"{where(pos)}: expected '{closing}' before the end")
            kind, value, _, _ = toks[pos]
            if kind == "punct" and value == closing:
                pos += 1
                return msg
            if kind == "punct" and value in ";,":
                pos += 1
                continue
            if kind != "word":
                raise ValueError(f"{where(pos)}: expected a field name, found {value!r}")
            name = value
            pos += 1
            if pos < len(toks) and toks[pos][1] == ":":
                pos += 1
            if pos >= len(toks):
                raise ValueError(f"{where(pos)}: expected a value for field '{name}'")
            kind, value, _, _ = toks[pos]
            if kind == "punct" and value in "{<":
                pos += 1
                msg.setdefault(name, []).append(message("}" if value == "{" else ">"))
            elif kind == "punct" and value == "[":  # short repeated form: dim: [1, 3, 224, 224]
                pos += 1
                while toks[pos][1] != "]":
                    if toks[pos][1] != ",":
                        msg.setdefault(name, []).append(_scalar(toks[pos][0], toks[pos][1]))
                    pos += 1
                pos += 1
            elif kind in ("word", "string"):
                pos += 1
                msg.setdefault(name, []).append(_scalar(kind, value))
            else:
                raise ValueError(f"{where(pos)}: expected a value for field '{name}', found {value!r}")

    return message(None)
