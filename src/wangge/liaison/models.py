"""Linked cadres (挂钩联系): leading cadres assigned to enterprises, and their visits."""

from django.db import models  # noqa: F401
