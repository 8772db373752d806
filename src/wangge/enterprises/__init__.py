"""Enterprises and venues (单位/场所), their employees, liaison cadres and their visits, help requests (海企通)."""
