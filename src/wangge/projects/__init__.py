"""Practical projects (我为群众办实事): list, publish, evaluate (列单-晒单-评单)."""
