"""The inspections' rules as a cadre meets them: the shipped checklists, findings and their deadlines, photos, the
re-inspection carrying only what is open, escalation of overdue findings, campaigns and closure notices."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wangge.core import clock
from wangge.core.errors import Conflict, Invalid
from wangge.inspections import actions
from wangge.inspections.models import Checklist, Delivery, Finding, Inspection

from .conftest import DAY, PNG, answers_for


def test_wuyou_and_wucha_are_shipped_with_five_items(db):
    actions.ensure_shipped_checklists()
    assert list(Checklist.objects.get(code="wuyou").items.values_list("text", flat=True)) == [
        "有防控指南", "有管理制度和责任人", "有防护物资储备", "有属地医疗卫生力量指导", "有隔离场所和转运安排"]
    assert Checklist.objects.get(code="wucha").items.count() == 5
    assert actions.ensure_shipped_checklists() == 0  # idempotent
    assert Checklist.objects.filter(code="wuyou").count() == 1


def test_each_failure_becomes_a_finding_with_its_deadline(cadre, places, wuyou):
    inspection = actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, fails=(3,)))
    finding = inspection.findings.get()
    assert finding.item.text == "有防护物资储备" and finding.responsible == "张经理"
    assert finding.deadline == DAY + datetime.timedelta(days=3)
    assert inspection.state == "open"


def test_a_deadline_in_the_past_is_refused_and_nothing_written(cadre, places, wuyou):
    with pytest.raises(Invalid) as exc:
        actions.do_inspect(cadre, places["factory"], checklist=wuyou,
                           answers=answers_for(wuyou, fails=(2,), deadline=DAY - datetime.timedelta(days=1)))
    assert exc.value.field == "item_2_deadline" and "2021-08-04" in exc.value.message
    assert not Inspection.objects.exists() and not Finding.objects.exists()


def test_a_failure_needs_a_responsible_person(cadre, places, wuyou):
    with pytest.raises(Invalid) as exc:
        actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, fails=(1,),
                                                                                         responsible=" "))
    assert exc.value.field == "item_1_responsible"


def test_a_photo_that_is_not_an_image_or_too_large_is_refused(cadre, places, wuyou, settings):
    text = SimpleUploadedFile("report.jpg", b"just some text, not a photo")
    with pytest.raises(Invalid) as exc:
        actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, photos={1: [text]}))
    assert "report.jpg" in exc.value.message and exc.value.field == "item_1_photos"
    settings.WANGGE_PHOTO_MAX_BYTES = 50
    big = SimpleUploadedFile("big.png", PNG)
    with pytest.raises(Invalid) as exc:
        actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou, photos={2: [big]}))
    assert "big.png" in exc.value.message
    assert not Inspection.objects.exists()


def test_several_photos_per_item_are_kept(cadre, places, wuyou):
    photos = {1: [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", PNG)]}
    inspection = actions.do_inspect(cadre, places["factory"], checklist=wuyou,
                                    answers=answers_for(wuyou, photos=photos))
    assert inspection.results.get(item__position=1).photos.count() == 2


def test_reinspection_carries_only_open_findings_and_closes_the_inspection(cadre, places, wuyou):
    first = actions.do_inspect(cadre, places["factory"], checklist=wuyou,
                               answers=answers_for(wuyou, fails=(1, 3, 5)))
    fixed = first.findings.get(item__position=1)
    actions.do_close_finding(cadre, fixed, note="已张贴指南")
    carried = actions.open_findings(first)
    assert sorted(f.item.position for f in carried.values()) == [3, 5]

    # The first re-inspection: item 3 fixed, item 5 still failing → the inspection stays open.
    answers = [actions.ItemAnswer(f.item_id, "pass" if f.item.position == 3 else "fail",
                                  deadline=DAY + datetime.timedelta(days=7)) for f in carried.values()]
    re1 = actions.do_reinspect(cadre, first, answers=answers)
    assert sorted(re1.results.values_list("item__position", flat=True)) == [3, 5]  # only what was open
    assert not re1.findings.exists()  # no new findings: the open ones are carried, not copied
    first.refresh_from_db()
    assert first.state == "open" and first.findings.get(item__position=5).deadline == DAY + datetime.timedelta(days=7)

    # The second: item 5 passes → everything closed.
    last = first.findings.get(item__position=5)
    re2 = actions.do_reinspect(cadre, re1, answers=[actions.ItemAnswer(last.item_id, "pass")])
    first.refresh_from_db()
    assert re2.first == first and first.state == "closed" and re2.state == "closed"
    assert not Finding.objects.filter(state="open").exists()
    with pytest.raises(Conflict):
        actions.do_reinspect(cadre, first, answers=[])


def test_an_overdue_finding_escalates_to_the_cadre_above(cadre, places, wuyou):
    inspection = actions.do_inspect(cadre, places["chess_a"], checklist=wuyou, answers=answers_for(wuyou, fails=(2,)))
    finding = inspection.findings.get()
    assert finding.level == "village" and finding.responsible_code == places["chess_a"].region_code[:12]
    assert actions.escalate_overdue(DAY + datetime.timedelta(days=3)) == {"findings_overdue": 0,
                                                                          "findings_escalated": 0}
    with clock.frozen(clock.at(DAY + datetime.timedelta(days=4))):
        result = actions.escalate_overdue()
    finding.refresh_from_db()
    assert result["findings_overdue"] == 1 and finding.overdue
    assert finding.level == "town" and finding.responsible_code == places["chess_a"].region_code[:9]
    with clock.frozen(clock.at(DAY + datetime.timedelta(days=8))):
        actions.escalate_overdue()
    finding.refresh_from_db()
    assert finding.level == "district" and finding.responsible_code == places["chess_a"].region_code[:6]


def test_the_worker_pass_escalates_findings(cadre, places, wuyou):
    from wangge.followup.signals import worker_pass_done

    actions.do_inspect(cadre, places["chess_a"], checklist=wuyou, answers=answers_for(wuyou, fails=(2,)))
    answers = worker_pass_done.send(sender=None, today=DAY + datetime.timedelta(days=5), result={})
    assert any(isinstance(a, dict) and a.get("findings_overdue") == 1 for _r, a in answers)


def test_a_notice_delivery_list_matches_its_scope(cadre, district, places):
    notice = actions.do_save_notice(cadre, None, title="关于暂停棋牌室营业的告知书", text="自8月1日起暂停营业。",
                                    region=district["village"], scope="kind_area", venue_kind="venue",
                                    effective_from=DAY)
    assert set(notice.deliveries.values_list("enterprise__name", flat=True)) == {"好运棋牌室", "开心棋牌室"}
    # Chosen venues: exactly those.
    chosen = actions.do_save_notice(cadre, None, title="告知书", text="…", region=district["village"],
                                    scope="chosen", venues=[places["chess_b"]], effective_from=DAY)
    assert list(chosen.deliveries.values_list("enterprise__name", flat=True)) == ["开心棋牌室"]
    # A venue outside the area is refused.
    with pytest.raises(Invalid) as exc:
        actions.do_save_notice(cadre, None, title="告知书", text="…", region=district["village"], scope="chosen",
                               venues=[places["chess_c"]], effective_from=DAY)
    assert exc.value.field == "venues"


def test_a_delivery_is_signed_for_once(cadre, district, places):
    notice = actions.do_save_notice(cadre, None, title="告知书", text="…", region=district["village"],
                                    scope="chosen", venues=[places["chess_a"]], effective_from=DAY)
    delivery = notice.deliveries.get()
    with pytest.raises(Invalid):
        actions.do_deliver(cadre, delivery, signer_name="")
    actions.do_deliver(cadre, delivery, signer_name="王老板", signature=SimpleUploadedFile("s.png", PNG))
    delivery = Delivery.objects.get()
    assert delivery.delivered_at and delivery.signer_name == "王老板" and delivery.signature
    with pytest.raises(Conflict):
        actions.do_deliver(cadre, delivery, signer_name="王老板")


def test_a_venue_found_open_is_a_finding(cadre, district, places, wuyou):
    notice = actions.do_save_notice(cadre, None, title="告知书", text="…", region=district["village"],
                                    scope="chosen", venues=[places["chess_a"]], effective_from=DAY)
    checklist = actions.closure_checklist()
    inspection = actions.do_inspect(cadre, places["chess_a"], checklist=checklist, notice=notice,
                                    answers=answers_for(checklist, fails=(1,), responsible="王老板"))
    assert inspection.findings.get().item.code == "closed"


def test_a_published_checklist_gets_a_new_version(cadre, places, wuyou):
    actions.do_inspect(cadre, places["factory"], checklist=wuyou, answers=answers_for(wuyou))
    new = actions.do_save_checklist(cadre, wuyou, code="wuyou", name="五有", items="有防控指南\n有应急预案 | 新增")
    assert new.version == 2 and new.items.count() == 2
    wuyou.refresh_from_db()
    assert wuyou.items.count() == 5 and not wuyou.active


def test_an_outsider_cannot_inspect_another_grid(outsider, places, wuyou):
    from wangge.core.errors import ActionError

    with pytest.raises(ActionError):
        actions.do_inspect(outsider, places["chess_a"], checklist=wuyou, answers=answers_for(wuyou))
