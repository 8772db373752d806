"""海企通 help requests: an enterprise account asks, the hotline answers (domain.md §10)."""
