"""Read-only questions other apps ask about people under follow-up."""

from wangge.core import clock
from wangge.core.bulk import in_chunks, key_lookup

from . import plans
from .choices import OPEN_STATES, Category
from .models import FollowUp

# Which row of the policy's pool-size table applies to a person under each category.
RISK_OF_CATEGORY = {Category.HIGH: "high", Category.CLOSE_CONTACT: "high", Category.POOL_POSITIVE: "high",
                    Category.MEDIUM: "medium"}
DEFAULT_POOL_SIZES = {"high": 1, "medium": 5}


def max_pool_sizes(id_numbers) -> dict[str, int]:
    """For mass testing: the largest pool a person under an open high/medium follow-up may be swabbed into (the
    policy's pool size for their risk: 1 for high, 5 for medium under version A). People not listed may go into
    any pool."""
    ids = list({i for i in id_numbers if i})
    rows = []
    # Plain SQL: it runs in every sync batch of every registration terminal.
    states = ", ".join(f"'{s.value}'" for s in OPEN_STATES)
    categories = ", ".join(f"'{c.value}'" for c in RISK_OF_CATEGORY)
    sql = (f"SELECT person_key, category FROM {FollowUp._meta.db_table} WHERE person_key IN ({{keys}}) "
           f"AND state IN ({states}) AND category IN ({categories})")
    for chunk in in_chunks(ids):
        rows += key_lookup(sql, chunk)
    result: dict[str, int] = {}
    if not rows:  # the common case in a mass-testing round: no policy lookup needed
        return result
    try:
        sizes = plans.policy_in_force(clock.now()).document.get("pool_sizes") or DEFAULT_POOL_SIZES
    except plans.NoPolicyInForce:
        sizes = DEFAULT_POOL_SIZES
    for key, category in rows:
        size = int(sizes.get(RISK_OF_CATEGORY[category], DEFAULT_POOL_SIZES[RISK_OF_CATEGORY[category]]))
        result[key] = min(size, result.get(key, size))
    return result
