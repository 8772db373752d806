"""Grid-A help requests for the outsider walk; called by enterprises/tests/outsider_data.py."""


def populate(district, enterprise):
    pass
