"""The policy document: parse a YAML text strictly, keeping line numbers, into a normalised JSON-able dict.

Pure module (no database). The schema is documented in README.md next to this file. Every error is a
`PolicyError` naming the line (1-based, from the YAML node marks) and the field path, e.g.
``categories.high.phases[0].nat_days[2]``. Nothing is guessed: unknown keys, unknown measure kinds, unknown
categories, NAT days outside their phase and duplicate keys are all refused.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wangge.core.errors import Invalid
from wangge.regions import codes

# Vocabulary of the documents (codes, not labels: labels live in choices.py and go through gettext).
MEASURE_KINDS = ("centralized_isolation", "home_isolation", "home_health_monitoring", "health_monitoring",
                 "three_days_two_tests", "arrival_test")
CATEGORIES = ("high", "medium", "same_city", "close_contact")
RISK_LEVELS = ("high", "medium", "low")
ALLOWED_POOL_SIZES = (1, 5, 10, 20)
CODE_COLOURS = ("red", "yellow", "green")
CHECKPOINT_ACTIONS = ("pass", "need_nat_48h", "persuade_back", "centralized_isolation", "medical_check")
THEN_CHOICES = ("release", "self_monitoring")
# The escalation chain climbs the region levels, grid first (regions.codes knows them).
ESCALATION_LEVELS: tuple[str, ...] = tuple(str(level) for level in reversed(codes.LEVELS))
SAME_CITY_PREFIXES = (4, 6)

# libyaml when present (10× faster); both keep node marks, so line numbers are the same.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SHIPPED_DIR = Path(__file__).resolve().parent / "data"


class PolicyError(Invalid, ValueError):
    """A policy document (or an operation on policies) that must be refused, with where and why: bad input
    (core.errors.Invalid, 400) naming the field path and, for a document, its line."""

    def __init__(self, message: str, *, line: int | None = None, field: str | None = None):
        super().__init__(message, field=field)
        self.line = line

    def __str__(self) -> str:
        if self.line is not None and self.field:
            return _("Line %(line)s, field “%(field)s”: %(message)s") % {
                "line": self.line, "field": self.field, "message": self.message}
        if self.line is not None:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        if self.field:
            return _("Field “%(field)s”: %(message)s") % {"field": self.field, "message": self.message}
        return self.message


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Doc:
    """A composed YAML document plus the constructor that turns scalar nodes into values."""

    def __init__(self, text: str):
        self.loader = _Loader(text)
        try:
            root = self.loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise PolicyError(_("not valid YAML: %(problem)s") % {"problem": exc.problem or exc.context},
                              line=mark.line + 1 if mark else None) from None
        except yaml.YAMLError as exc:
            raise PolicyError(_("not valid YAML: %(problem)s") % {"problem": exc}) from None
        if root is None:
            raise PolicyError(_("the document is empty"), line=1)
        self.root: Node = root

    def value(self, node: Node, path: str) -> Any:
        if not isinstance(node, ScalarNode):
            raise PolicyError(_("a single value is expected here"), line=_line(node), field=path)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            # e.g. 2021-08-41 looks like a date to YAML and fails to construct
            raise PolicyError(_("cannot read “%(value)s”: %(problem)s") % {"value": node.value, "problem": exc},
                              line=_line(node), field=path) from None


class _Map:
    """A YAML mapping with its keys checked: known keys only, no duplicates, required ones present."""

    def __init__(self, doc: _Doc, node: Node, path: str, *, required: Iterable[str], optional: Iterable[str] = (),
                 what: str | None = None):
        if not isinstance(node, MappingNode):
            raise PolicyError(_("a mapping (key: value) is expected here"), line=_line(node), field=path or None)
        self.doc, self.node, self.path = doc, node, path
        self.items: dict[str, Node] = {}
        self.key_lines: dict[str, int] = {}
        allowed = set(required) | set(optional)
        for key_node, value_node in node.value:
            key = doc.value(key_node, path or "(document)")
            if not isinstance(key, str):
                key = str(key)
            where = self.sub(key)
            if key in self.items:
                raise PolicyError(_("the key appears twice"), line=_line(key_node), field=where)
            if key not in allowed and what:
                raise PolicyError(_("unknown %(what)s “%(value)s”; allowed: %(allowed)s") % {
                    "what": what, "value": key, "allowed": ", ".join(optional)}, line=_line(key_node), field=where)
            if key not in allowed:
                raise PolicyError(_("unknown field; allowed here: %(allowed)s") % {"allowed": ", ".join(
                    sorted(allowed))}, line=_line(key_node), field=where)
            self.items[key] = value_node
            self.key_lines[key] = _line(key_node)
        for key in required:
            if key not in self.items:
                raise PolicyError(_("required field is missing"), line=_line(node), field=self.sub(key))

    def sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.items

    def line(self, key: str) -> int:
        return self.key_lines.get(key, _line(self.node))

    def get(self, key: str, check: Callable[[Any, int, str], Any], default: Any = None) -> Any:
        if key not in self.items:
            return default
        node = self.items[key]
        return check(self.doc.value(node, self.sub(key)), _line(node), self.sub(key))


def _int(minimum: int = 0, maximum: int | None = None) -> Callable[[Any, int, str], int]:
    def check(value: Any, line: int, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise PolicyError(_("a whole number is expected"), line=line, field=path)
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"{minimum}…{maximum}" if maximum is not None else f"≥ {minimum}"
            raise PolicyError(_("%(value)s is out of range (%(bounds)s)") % {"value": value, "bounds": bounds},
                              line=line, field=path)
        return value
    return check


def _str(value: Any, line: int, path: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise PolicyError(_("text is expected"), line=line, field=path)
    return str(value).strip()


def _nonempty_str(value: Any, line: int, path: str) -> str:
    text = _str(value, line, path)
    if not text:
        raise PolicyError(_("must not be empty"), line=line, field=path)
    return text


def _bool(value: Any, line: int, path: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(_("true or false is expected"), line=line, field=path)
    return value


def _date(value: Any, line: int, path: str) -> str:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise PolicyError(_("a date YYYY-MM-DD is expected"), line=line, field=path)
    return value.isoformat()


def _choice(choices: Iterable[Any], what: str) -> Callable[[Any, int, str], Any]:
    options = tuple(choices)

    def check(value: Any, line: int, path: str) -> Any:
        if value not in options:
            raise PolicyError(_("unknown %(what)s “%(value)s”; allowed: %(allowed)s") % {
                "what": what, "value": value, "allowed": ", ".join(str(o) for o in options)}, line=line, field=path)
        return value
    return check


def _time_of_day(value: Any, line: int, path: str) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 22:00 as a sexagesimal number (1320); take it back.
        value = f"{value // 60:02d}:{value % 60:02d}"
    if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise PolicyError(_("a time of day HH:MM is expected"), line=line, field=path)
    return value


def _seq(doc: _Doc, node: Node, path: str) -> list[Node]:
    if not isinstance(node, SequenceNode):
        raise PolicyError(_("a list is expected here"), line=_line(node), field=path)
    return list(node.value)


# ---------------------------------------------------------------------------------------------- sections


def _phase(doc: _Doc, node: Node, path: str) -> dict[str, Any]:
    m = _Map(doc, node, path, required=("kind", "days", "nat_days"),
             optional=("fallback", "waived_by_certificate_hours", "nat_min_interval_hours", "note"))
    kind = m.get("kind", _choice(MEASURE_KINDS, _("measure kind")))
    days = m.get("days", _int(1, 366))
    nat_days: list[int] = []
    for i, day_node in enumerate(_seq(doc, m.items["nat_days"], m.sub("nat_days"))):
        where = f"{m.sub('nat_days')}[{i}]"
        day = _int(1)(doc.value(day_node, where), _line(day_node), where)
        if day > days:
            raise PolicyError(_("NAT day %(day)s is outside its phase of %(days)s days (day 1 = first day)") % {
                "day": day, "days": days}, line=_line(day_node), field=where)
        if nat_days and day <= nat_days[-1]:
            raise PolicyError(_("NAT days must be listed in increasing order without repeats"),
                              line=_line(day_node), field=where)
        nat_days.append(day)
    fallback = m.get("fallback", _choice(MEASURE_KINDS, _("measure kind")))
    return {
        "kind": kind,
        "days": days,
        "nat_days": nat_days,
        "fallback": fallback,
        "waived_by_certificate_hours": m.get("waived_by_certificate_hours", _int(1, 240)),
        "nat_min_interval_hours": m.get("nat_min_interval_hours", _int(1, 240)),
        "note": m.get("note", _str, ""),
    }


def _category(doc: _Doc, node: Node, path: str) -> dict[str, Any]:
    m = _Map(doc, node, path, required=("phases",), optional=("label", "then", "note"))
    phase_nodes = _seq(doc, m.items["phases"], m.sub("phases"))
    if not phase_nodes:
        raise PolicyError(_("at least one phase is required"), line=m.line("phases"), field=m.sub("phases"))
    phases = [_phase(doc, n, f"{m.sub('phases')}[{i}]") for i, n in enumerate(phase_nodes)]
    return {
        "label": m.get("label", _str, ""),
        "phases": phases,
        "then": m.get("then", _choice(THEN_CHOICES, _("follow-up")), "release"),
        "note": m.get("note", _str, ""),
    }


def _categories(doc: _Doc, node: Node, path: str) -> dict[str, Any]:
    m = _Map(doc, node, path, required=(), optional=CATEGORIES, what=_("category"))
    if not m.items:
        raise PolicyError(_("at least one category is required"), line=_line(node), field=path)
    return {key: _category(doc, m.items[key], m.sub(key)) for key in CATEGORIES if m.has(key)}


def _same_city(doc: _Doc, node: Node, path: str) -> dict[str, Any] | None:
    if isinstance(node, ScalarNode) and doc.value(node, path) is None:
        return None
    m = _Map(doc, node, path, required=("prefix_digits",), optional=("note",))
    return {"prefix_digits": m.get("prefix_digits", _choice(SAME_CITY_PREFIXES, _("prefix length"))),
            "note": m.get("note", _str, "")}


def _pool_sizes(doc: _Doc, node: Node, path: str) -> dict[str, int]:
    m = _Map(doc, node, path, required=RISK_LEVELS)
    return {key: m.get(key, _choice(ALLOWED_POOL_SIZES, _("pool size"))) for key in RISK_LEVELS}


def _when(doc: _Doc, node: Node, path: str) -> dict[str, Any]:
    m = _Map(doc, node, path, required=(), optional=("code", "starred", "fever", "nat_within_hours"))
    when: dict[str, Any] = {}
    if m.has("code"):
        code_node = m.items["code"]
        if isinstance(code_node, SequenceNode):
            colours = [_choice(CODE_COLOURS, _("health-code colour"))(doc.value(n, m.sub("code")), _line(n),
                                                                     m.sub("code")) for n in code_node.value]
        else:
            colours = [m.get("code", _choice(CODE_COLOURS, _("health-code colour")))]
        when["code"] = colours
    if m.has("starred"):
        when["starred"] = m.get("starred", _bool)
    if m.has("fever"):
        when["fever"] = m.get("fever", _bool)
    if m.has("nat_within_hours"):
        when["nat_within_hours"] = m.get("nat_within_hours", _int(1, 24 * 14))
    return when


def _checkpoint(doc: _Doc, node: Node, path: str) -> dict[str, Any]:
    m = _Map(doc, node, path, required=("fever_celsius", "rules"))

    def celsius(value: Any, line: int, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not 35 <= value <= 42:
            raise PolicyError(_("a temperature in °C between 35 and 42 is expected"), line=line, field=where)
        return float(value)

    rules = []
    rule_nodes = _seq(doc, m.items["rules"], m.sub("rules"))
    for i, rule_node in enumerate(rule_nodes):
        where = f"{m.sub('rules')}[{i}]"
        r = _Map(doc, rule_node, where, required=("when", "action", "reason"))
        rules.append({"when": _when(doc, r.items["when"], r.sub("when")),
                      "action": r.get("action", _choice(CHECKPOINT_ACTIONS, _("checkpoint action"))),
                      "reason": r.get("reason", _nonempty_str), "line": _line(rule_node)})
    checkpoint = {"fever_celsius": m.get("fever_celsius", celsius), "rules": rules}
    _check_total(checkpoint, line=m.line("rules"), path=m.sub("rules"))
    for rule in rules:
        del rule["line"]
    return checkpoint


def _check_total(checkpoint: dict[str, Any], *, line: int, path: str) -> None:
    """Every combination of facts must reach a decision: the table may not have holes."""
    from .evaluation import match_checkpoint_rule

    for colour in CODE_COLOURS:
        for starred in (False, True):
            for fever in (False, True):
                for nat_age in (None, 1):
                    if match_checkpoint_rule(checkpoint["rules"], colour, starred, fever, nat_age) is None:
                        raise PolicyError(_("no rule decides code %(code)s, starred %(starred)s, fever %(fever)s, "
                                            "NAT %(nat)s; add a catch-all rule") % {
                            "code": colour, "starred": starred, "fever": fever,
                            "nat": nat_age is not None}, line=line, field=path)


def _tasks(doc: _Doc, node: Node, path: str) -> dict[str, Any]:
    m = _Map(doc, node, path, required=("verify_within_hours", "visit_every_days", "same_day_clearance",
                                        "unreachable_attempts"),
             optional=("notice_within_hours", "clearance_cutoff"))
    verify = m.get("verify_within_hours", _int(1, 24 * 7))
    return {
        "verify_within_hours": verify,
        "notice_within_hours": m.get("notice_within_hours", _int(1, 24 * 7), verify),
        "visit_every_days": m.get("visit_every_days", _int(1, 14)),
        "same_day_clearance": m.get("same_day_clearance", _bool),
        "clearance_cutoff": m.get("clearance_cutoff", _time_of_day, "23:59"),
        "unreachable_attempts": m.get("unreachable_attempts", _int(1, 20)),
    }


def _escalation(doc: _Doc, node: Node, path: str) -> list[dict[str, Any]]:
    step_nodes = _seq(doc, node, path)
    if len(step_nodes) < 2:
        raise PolicyError(_("the chain needs at least two levels"), line=_line(node), field=path)
    steps: list[dict[str, Any]] = []
    for i, step_node in enumerate(step_nodes):
        where = f"{path}[{i}]"
        last = i == len(step_nodes) - 1
        m = _Map(doc, step_node, where, required=("level",) if last else ("level", "hours"), optional=("hours",))
        level = m.get("level", _choice(ESCALATION_LEVELS, _("level")))
        if steps and ESCALATION_LEVELS.index(level) <= ESCALATION_LEVELS.index(steps[-1]["level"]):
            raise PolicyError(_("levels must go upwards (grid → village → town → district)"),
                              line=m.line("level"), field=m.sub("level"))
        hours = m.get("hours", _int(1, 24 * 14))
        steps.append({"level": level, "hours": None if last else hours})
    if steps[0]["level"] != "grid":
        raise PolicyError(_("the chain starts at the grid"), line=_line(step_nodes[0]), field=f"{path}[0].level")
    return steps


TOP_REQUIRED = ("code", "name", "effective_from", "lookback_days", "retro_days", "categories", "same_city",
                "pool_sizes", "checkpoint", "tasks", "escalation")
TOP_OPTIONAL = ("effective_to", "source", "description")


def parse_policy(text: str) -> dict[str, Any]:
    """Validate a policy YAML text and return the normalised document (JSON-able: dates as ISO strings)."""
    if not isinstance(text, str) or not text.strip():
        raise PolicyError(_("the document is empty"), line=1)
    doc = _Doc(text)
    m = _Map(doc, doc.root, "", required=TOP_REQUIRED, optional=TOP_OPTIONAL)

    def code(value: Any, line: int, path: str) -> str:
        value = _nonempty_str(value, line, path)
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", value):
            raise PolicyError(_("letters, digits, “.”, “_” and “-” only, at most 40"), line=line, field=path)
        return value

    result: dict[str, Any] = {
        "code": m.get("code", code),
        "name": m.get("name", _nonempty_str),
        "effective_from": m.get("effective_from", _date),
        "effective_to": m.get("effective_to", lambda v, line, p: None if v is None else _date(v, line, p)),
        "source": m.get("source", _str, ""),
        "description": m.get("description", _str, ""),
        "lookback_days": m.get("lookback_days", _int(1, 60)),
        "retro_days": m.get("retro_days", _int(0, 60)),
        "categories": _categories(doc, m.items["categories"], "categories"),
        "same_city": _same_city(doc, m.items["same_city"], "same_city"),
        "pool_sizes": _pool_sizes(doc, m.items["pool_sizes"], "pool_sizes"),
        "checkpoint": _checkpoint(doc, m.items["checkpoint"], "checkpoint"),
        "tasks": _tasks(doc, m.items["tasks"], "tasks"),
        "escalation": _escalation(doc, m.items["escalation"], "escalation"),
    }
    if result["effective_to"] is not None and result["effective_to"] <= result["effective_from"]:
        raise PolicyError(_("must be later than effective_from"), line=m.line("effective_to"), field="effective_to")
    has_category = "same_city" in result["categories"]
    if has_category != (result["same_city"] is not None):
        raise PolicyError(
            _("the same_city rule and the same_city category go together: give both or neither (null)"),
            line=m.line("same_city"), field="same_city")
    return result


def field_line(text: str, field: str) -> int | None:
    """The line of a top-level key in a YAML text (for errors found later, e.g. overlapping dates)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, MappingNode):
        return None
    for key_node, _value in root.value:
        if isinstance(key_node, ScalarNode) and key_node.value == field:
            return _line(key_node)
    return None


def shipped_files(directory: Path | str | None = None) -> list[Path]:
    """The shipped policy files (A, B, E, F …), in name order."""
    return sorted(Path(directory or SHIPPED_DIR).glob("*.yaml"))
