"""Editing a draft in a form: the measures of each category (phases, days, NAT days), pool sizes and the checkpoint
table, without writing YAML by hand.

The form starts from a YAML document (the draft's, or the version in force for a new draft), shows its values as
fields, and on save puts the edited values back into that document and writes it out as YAML again — the YAML
stays the stored and exported format, and the schema (schema.py) validates it when the action saves it. Keys the
form does not show (task time limits, the escalation chain, notes) are kept as they were. A refusal of the schema
names a field path (`categories.high.phases[0].nat_days`); `field_for_path` turns it into the form field, so the
error is shown next to the value that caused it.
"""

from __future__ import annotations

import copy
import datetime
import re
from typing import Any

import yaml
from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Category, CheckpointAction, CodeColour, MeasureKind
from .schema import ALLOWED_POOL_SIZES, RISK_LEVELS

EXTRA_PHASES = 1   # an empty phase row per category, to add one
EXTRA_RULES = 1    # an empty checkpoint row, to add one
_YES_NO_ANY = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _nat_text(days: Any) -> str:
    return ", ".join(str(d) for d in days or [])


def _parse_days(text: str) -> list[int]:
    parts = [p for p in re.split(r"[\s,，、;；]+", text or "") if p]
    try:
        return [int(p) for p in parts]
    except ValueError:
        raise forms.ValidationError(_("Whole numbers separated by commas, e.g. 1, 4, 7, 14.")) from None


def _bool_text(value: Any) -> str:
    return "" if value is None else ("true" if value else "false")


class PolicyDocumentForm(forms.Form):
    """The editable parts of a policy document as fields; `yaml_text()` is the edited document."""

    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Version name"), max_length=200)
    effective_from = forms.DateField(label=_("Effective from"), widget=_DATE)
    effective_to = forms.DateField(label=_("Effective until (exclusive)"), widget=_DATE, required=False)
    lookback_days = forms.IntegerField(label=_("Look-back days"), min_value=0, max_value=60)
    retro_days = forms.IntegerField(label=_("Days before a designation that count"), min_value=0, max_value=60)
    fever_celsius = forms.DecimalField(label=_("Fever from (°C)"), max_digits=4, decimal_places=1, required=False)

    def __init__(self, data=None, *, base_text: str, **kwargs):
        super().__init__(data, **kwargs)
        self.base = yaml.safe_load(base_text) or {}
        if not isinstance(self.base, dict):
            self.base = {}
        doc = self.base
        for name in ("code", "name", "effective_from", "effective_to", "lookback_days", "retro_days"):
            self.initial.setdefault(name, doc.get(name))
        self.initial.setdefault("fever_celsius", (doc.get("checkpoint") or {}).get("fever_celsius"))
        self.phase_rows: list[tuple[str, str, list[str]]] = []   # (category, label, field-name prefixes)
        categories = doc.get("categories") or {}
        kinds = [("", _("— remove —"))] + list(MeasureKind.choices)
        for category, section in categories.items():
            phases = list((section or {}).get("phases") or [])
            prefixes = []
            for i in range(len(phases) + EXTRA_PHASES):
                phase = phases[i] if i < len(phases) else {}
                prefix = f"{category}__{i}"
                self.fields[f"{prefix}__kind"] = forms.ChoiceField(label=_("Measure"), choices=kinds, required=False,
                                                                   initial=phase.get("kind", ""))
                self.fields[f"{prefix}__days"] = forms.IntegerField(label=_("Days"), min_value=1, max_value=60,
                                                                    required=False, initial=phase.get("days"))
                self.fields[f"{prefix}__nat_days"] = forms.CharField(
                    label=_("NAT days"), required=False, initial=_nat_text(phase.get("nat_days")),
                    help_text=_("Days of the phase, day 1 = first day: 1, 4, 7, 14"))
                prefixes.append(prefix)
            label = dict(Category.choices).get(category, category)
            self.phase_rows.append((category, str(label), prefixes))
        pools = doc.get("pool_sizes") or {}
        pool_choices = [(str(n), str(n)) for n in ALLOWED_POOL_SIZES]
        for risk in RISK_LEVELS:
            self.fields[f"pool__{risk}"] = forms.TypedChoiceField(
                label={"high": _("High risk"), "medium": _("Medium risk"), "low": _("Low risk")}[risk],
                choices=pool_choices, coerce=int, initial=str(pools.get(risk, "")), required=risk in pools)
        rules = list((doc.get("checkpoint") or {}).get("rules") or [])
        codes = [("", _("Any"))] + list(CodeColour.choices)
        actions = [("", _("— remove —"))] + list(CheckpointAction.choices)
        self.rule_prefixes = []
        for i in range(len(rules) + EXTRA_RULES):
            rule = rules[i] if i < len(rules) else {}
            when = rule.get("when") or {}
            prefix = f"rule__{i}"
            self.fields[f"{prefix}__code"] = forms.ChoiceField(label=_("Health code"), choices=codes, required=False,
                                                               initial=when.get("code", ""))
            self.fields[f"{prefix}__starred"] = forms.ChoiceField(label=_("Starred city"), choices=_YES_NO_ANY,
                                                                  required=False,
                                                                  initial=_bool_text(when.get("starred")))
            self.fields[f"{prefix}__fever"] = forms.ChoiceField(label=_("Fever"), choices=_YES_NO_ANY, required=False,
                                                                initial=_bool_text(when.get("fever")))
            self.fields[f"{prefix}__nat_within_hours"] = forms.IntegerField(
                label=_("Negative NAT within (hours)"), min_value=1, max_value=168, required=False,
                initial=when.get("nat_within_hours"))
            self.fields[f"{prefix}__action"] = forms.ChoiceField(label=_("Decision"), choices=actions, required=False,
                                                                 initial=rule.get("action", ""))
            self.fields[f"{prefix}__reason"] = forms.CharField(label=_("Reason shown"), required=False,
                                                               initial=rule.get("reason", ""))
            self.rule_prefixes.append(prefix)

    # --- layout for the template ------------------------------------------------------------------------------

    def version_fields(self):
        return [self[n] for n in ("code", "name", "effective_from", "effective_to", "lookback_days", "retro_days")]

    def phase_tables(self):
        for _category, label, prefixes in self.phase_rows:
            yield label, [[self[f"{p}__{k}"] for k in ("kind", "days", "nat_days")] for p in prefixes]

    def pool_fields(self):
        return [self[f"pool__{risk}"] for risk in RISK_LEVELS]

    def rule_rows(self):
        keys = ("code", "starred", "fever", "nat_within_hours", "action", "reason")
        return [[self[f"{p}__{k}"] for k in keys] for p in self.rule_prefixes]

    # --- the edited document ----------------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        for _category, _label, prefixes in self.phase_rows:
            for prefix in prefixes:
                if cleaned.get(f"{prefix}__kind"):
                    try:
                        cleaned[f"{prefix}__nat_days"] = _parse_days(cleaned.get(f"{prefix}__nat_days", ""))
                    except forms.ValidationError as exc:
                        self.add_error(f"{prefix}__nat_days", exc)
                    if not cleaned.get(f"{prefix}__days"):
                        self.add_error(f"{prefix}__days", _("How many days does this measure last?"))
        return cleaned

    def document(self) -> dict[str, Any]:
        data = self.cleaned_data
        doc = copy.deepcopy(self.base)
        for name in ("code", "name", "lookback_days", "retro_days"):
            doc[name] = data[name]
        doc["effective_from"] = data["effective_from"]
        if data.get("effective_to"):
            doc["effective_to"] = data["effective_to"]
        else:
            doc.pop("effective_to", None)
        for category, _label, prefixes in self.phase_rows:
            old = list(((doc.get("categories") or {}).get(category) or {}).get("phases") or [])
            phases = []
            for i, prefix in enumerate(prefixes):
                kind = data.get(f"{prefix}__kind")
                if not kind:
                    continue
                phase = dict(old[i]) if i < len(old) else {}
                phase.update(kind=kind, days=data[f"{prefix}__days"], nat_days=data[f"{prefix}__nat_days"])
                phases.append(phase)
            doc["categories"][category]["phases"] = phases
        pools = {risk: data[f"pool__{risk}"] for risk in RISK_LEVELS if data.get(f"pool__{risk}") not in (None, "")}
        if pools:
            doc["pool_sizes"] = pools
        if "checkpoint" in doc or any(data.get(f"{p}__action") for p in self.rule_prefixes):
            checkpoint = doc.setdefault("checkpoint", {})
            if data.get("fever_celsius") is not None:
                checkpoint["fever_celsius"] = float(data["fever_celsius"])
            rules = []
            for prefix in self.rule_prefixes:
                action = data.get(f"{prefix}__action")
                if not action:
                    continue
                when: dict[str, Any] = {}
                if data.get(f"{prefix}__code"):
                    when["code"] = data[f"{prefix}__code"]
                for flag in ("starred", "fever"):
                    if data.get(f"{prefix}__{flag}"):
                        when[flag] = data[f"{prefix}__{flag}"] == "true"
                if data.get(f"{prefix}__nat_within_hours"):
                    when["nat_within_hours"] = data[f"{prefix}__nat_within_hours"]
                rule: dict[str, Any] = {"when": when, "action": action}
                if data.get(f"{prefix}__reason"):
                    rule["reason"] = data[f"{prefix}__reason"]
                rules.append(rule)
            checkpoint["rules"] = rules
        return doc

    def yaml_text(self) -> str:
        return dump_yaml(self.document())

    def field_for_path(self, path: str | None) -> str | None:
        """The form field behind a schema field path, or None (the error then goes on the form)."""
        if not path:
            return None
        if path in self.fields:
            return path
        match = re.match(r"categories\.(\w+)\.phases\[(\d+)\]\.(kind|days|nat_days)", path)
        if match:
            category, index, key = match.groups()
            # The n-th phase written is the n-th non-empty phase row of the category.
            rows = next((p for c, _label, p in self.phase_rows if c == category), [])
            kept = [p for p in rows if self.cleaned_data.get(f"{p}__kind")]
            if int(index) < len(kept):
                return f"{kept[int(index)]}__{key}"
        match = re.match(r"pool_sizes\.(\w+)", path)
        if match and f"pool__{match.group(1)}" in self.fields:
            return f"pool__{match.group(1)}"
        if path.startswith("checkpoint.fever_celsius"):
            return "fever_celsius"
        match = re.match(r"checkpoint\.rules\[(\d+)\](?:\.when)?\.?(\w+)?", path)
        if match:
            kept = [p for p in self.rule_prefixes if self.cleaned_data.get(f"{p}__action")]
            index, key = int(match.group(1)), match.group(2) or "action"
            if index < len(kept) and f"{kept[index]}__{key}" in self.fields:
                return f"{kept[index]}__{key}"
        return None


class _Dumper(yaml.SafeDumper):
    pass


def _represent_list(dumper, data):
    # Short lists of numbers on one line, as the shipped files write NAT days: [1, 4, 7, 14].
    flow = all(isinstance(v, (int, float)) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(datetime.date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:timestamp", v.isoformat()))


def dump_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=200)
