"""State changes of the enterprise registry (core/actions.py: every change is an action)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from wangge.core.actions import require_perm
from wangge.core.imports import ImportResult


def do_import_enterprises(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                          progress: bool = False) -> ImportResult:
    """enterprises.csv / .xlsx (formats.md) → the registry, upserted by USCC (or region + name for a venue)."""
    from .imports import EnterpriseImporter

    require_perm(actor, "enterprises.add_enterprise", _("Your role may not import enterprises."))
    return EnterpriseImporter(user=actor).run(path, rejected_path=rejected_path, progress=progress)


def do_import_employees(actor, path: str | Path, *, rejected_path: str | Path | None = None,
                        progress: bool = False) -> ImportResult:
    """employees.csv / .xlsx (formats.md) → the rosters, upserted by (USCC, ID number); matched to residents."""
    from .imports import EmployeeImporter

    require_perm(actor, "enterprises.add_employee", _("Your role may not import employees."))
    return EmployeeImporter(user=actor).run(path, rejected_path=rejected_path, progress=progress)
