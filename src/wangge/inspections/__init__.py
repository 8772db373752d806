"""Checklists as versioned data (五有, 五查 …), inspections answering them, findings to the last one,
re-inspections, campaigns and closure notices."""
