"""Read-only questions other apps ask about people under follow-up."""

from wangge.core import clock
from wangge.core.bulk import in_chunks, key_lookup
from wangge.policies.choices import Category

from . import plans
from .choices import OPEN_STATES, POOL_POSITIVE
from .models import FollowUp, NatRecord

# Which row of the policy's pool-size table applies to a person under each category.
RISK_OF_CATEGORY = {Category.HIGH: "high", Category.CLOSE_CONTACT: "high", POOL_POSITIVE: "high",
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
    categories = ", ".join(f"'{c}'" for c in RISK_OF_CATEGORY)
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


def _open_followups(actor):
    return FollowUp.objects.restrict(actor).filter(state__in=OPEN_STATES).order_by("id")


def open_person_keys():
    """A subquery of the person keys (ID number, else phone) of everyone under an open follow-up."""
    return FollowUp.objects.filter(state__in=OPEN_STATES).values("person_key")


def open_followup_ids(person_keys) -> dict[str, int]:
    """{person key: id of the open follow-up} for these keys (the newest when, by a race, there are two)."""
    return dict(FollowUp.objects.filter(person_key__in=set(person_keys), state__in=OPEN_STATES)
                .order_by("-pk").values_list("person_key", "pk"))


def policy_switch_facts(actor) -> list:
    """policies' FollowUpFacts for every open follow-up the caller can see (for the preview of a version switch)."""
    from wangge.policies.evaluation import FollowUpFacts

    sampled: dict[int, list] = {}
    for followup_id, day in NatRecord.objects.filter(
            followup__in=_open_followups(actor), sampled=True).values_list("followup_id", "date"):
        sampled.setdefault(followup_id, []).append(day)
    facts = []
    for f in _open_followups(actor).only("id", "category", "start_date", "name", "person_key"):
        facts.append(_facts(FollowUpFacts, f, sampled.get(f.pk, [])))
    return facts


def _facts(cls, followup: FollowUp, sampled: list):
    from wangge.core.ids import mask_id, mask_phone

    key = followup.person_key
    person = followup.name or (mask_id(key) if len(key) == 18 else mask_phone(key))
    return cls(followup_id=followup.pk, person=person, category=followup.category, start_date=followup.start_date,
               done_nat_dates=tuple(sorted(sampled)), today=clock.today())


