"""Violation cases (违建 …) through persuasion, joint punishment by the member departments, correction and lifting."""

from django.db import models  # noqa: F401
