"""Community services on order (点单式) and job matching (村企共建): menus, orders, postings, trainings, placements."""

from django.db import models  # noqa: F401
