"""Chinese is the default language: every message catalogue of the project is complete (no empty or fuzzy
translation) and its compiled .mo says the same as its .po (a .po edited without compiling shows English)."""

import ast
import gettext
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # src/wangge
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
ENTRY_START = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$")


def entries(path: Path):
    """(msgctxt, msgid, msgid_plural, [msgstr …], fuzzy) for every live entry of a .po file (not the header).
    Entries are separated by blank lines; obsolete ones (#~) are skipped."""
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict = {}
        key = None
        fuzzy = False
        for line in block.splitlines():
            match = ENTRY_START.match(line)
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            yield (fields.get("msgctxt"), fields["msgid"], fields.get("msgid_plural"),
                   [v for k, v in fields.items() if k.startswith("msgstr")], fuzzy)


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 20, CATALOGUES


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)).split("/locale")[0])
def test_every_message_is_translated_and_compiled(po):
    untranslated, fuzzy_ones, not_compiled = [], [], []
    with (po.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    for context, msgid, plural, msgstrs, fuzzy in entries(po):
        label = f"{context}|{msgid}" if context else msgid
        if not any(msgstrs) or not all(msgstrs):
            untranslated.append(label)
        elif fuzzy:
            fuzzy_ones.append(label)
        else:
            key = f"{context}\x04{msgid}" if context else msgid
            if (key, 0) not in compiled if plural else key not in compiled:
                not_compiled.append(label)
    assert not untranslated, f"{po}: untranslated {untranslated[:20]}"
    assert not fuzzy_ones, f"{po}: fuzzy {fuzzy_ones[:20]}"
    assert not not_compiled, f"{po}: in the .po but not the .mo (run compilemessages) {not_compiled[:20]}"
