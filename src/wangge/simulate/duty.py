"""Demo checkpoints and the people on duty at them (issue 11), for the demo town: a highway exit and a compound
gate through the checkpoints' own action, a party-member volunteer team of the first village with synthetic
volunteers, a post at each checkpoint and the demo day's two day shifts planned through `do_plan_shift` (so the
duty rules apply to the demo as to anyone). Idempotent: a second run finds the checkpoints and does nothing."""

from __future__ import annotations

import datetime
import random

from wangge.core import clock
from wangge.simulate.synth import make_id, random_name, random_phone


def seed_duty(town, actor, seed: int = 2021) -> int:
    """Returns the number of shifts planned (0 when the demo town already has its checkpoints)."""
    from wangge.checkpoints.actions import do_create_checkpoint
    from wangge.checkpoints.choices import CheckpointKind
    from wangge.checkpoints.models import Checkpoint
    from wangge.regions.choices import RegionLevel
    from wangge.regions.models import Region
    from wangge.volunteers.actions import do_plan_shift
    from wangge.volunteers.choices import PostKind
    from wangge.volunteers.models import Post, Team, Volunteer

    code_base = f"KK{town.code[-3:]}"
    if Checkpoint.objects.filter(code__startswith=code_base).exists():
        return 0
    village = Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=town.code).order_by("code").first()
    if village is None:
        return 0
    rng = random.Random(seed)
    checkpoints = [
        do_create_checkpoint(actor, code=f"{code_base}01", name=f"{town.name}高速道口", kind=CheckpointKind.HIGHWAY,
                             region=village),
        do_create_checkpoint(actor, code=f"{code_base}02", name=f"{village.name}小区门岗", kind=CheckpointKind.COMPOUND,
                             region=village),
    ]
    team = Team.objects.create(name=f"{village.name}“攻坚有我”防疫志愿服务队", region=village,
                               party_branch=f"{village.name}党支部")
    volunteers = []
    for n in range(8):
        age = 70 + n if n == 7 else 25 + 5 * n  # one volunteer aged 70+: the plan warns about them
        birth = clock.today().replace(year=clock.today().year - age) - datetime.timedelta(days=rng.randrange(300))
        volunteers.append(Volunteer.objects.create(
            id_number=make_id("320684", birth, rng.randrange(1000)), name=random_name(rng), phone=random_phone(rng),
            team=team, region=village, party_member=n % 2 == 0, skills="测温、扫码" if n % 3 else "驾驶"))
    team.leader = volunteers[0]
    team.save()
    day = clock.today()
    planned = 0
    for i, checkpoint in enumerate(checkpoints):
        post = Post.objects.create(name=f"{checkpoint.name}值守", kind=PostKind.CHECKPOINT, checkpoint=checkpoint,
                                   region=village, team=team, headcount=2)
        for slot, (start_hour, end_hour) in enumerate(((8, 14), (14, 20))):
            people = volunteers[4 * i + 2 * slot: 4 * i + 2 * slot + 2]
            do_plan_shift(actor, post, start=clock.at(day, start_hour), end=clock.at(day, end_hour),
                          volunteers=people)
            planned += 1
    return planned
