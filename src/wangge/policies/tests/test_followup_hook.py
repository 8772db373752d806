"""The switch preview and the activation with the real follow-up app behind them (its selectors and receiver)."""

import datetime

from wangge.core import clock
from wangge.followup import actions as followup_actions
from wangge.policies import actions, selectors


def test_switching_a_to_b_previews_and_recomputes_the_follow_ups_of_the_district(shipped, admin_user, district):
    residents = district["residents"][district["grid_a"].code]
    with clock.frozen(datetime.date(2021, 8, 26)):
        changed = followup_actions.do_open_followup(admin_user, residents[0], category="medium",
                                                    start_date=datetime.date(2021, 8, 20))
        followup_actions.do_open_followup(admin_user, residents[1], category="high",
                                          start_date=datetime.date(2021, 8, 8))
        # a draft with B's measures, compared with A (in force on the 24th)
        twin = actions.do_save_draft(admin_user, None, yaml_text=shipped["B"].yaml_text.replace("code: B", "code: B2")
                                  .replace("effective_from: 2021-08-25", "effective_from: 2030-01-01"))
        preview = selectors.preview_activation(admin_user, twin, today=datetime.date(2021, 8, 24))
    assert preview.examined == 2
    assert preview.current.code == "A"
    assert [c.followup_id for c in preview.changes] == [changed.pk]
