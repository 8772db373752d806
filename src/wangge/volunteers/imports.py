"""volunteers.csv → Volunteer rows (formats.md, "volunteers.csv"; the general import rules apply).

Columns: `id_number` [身份证号] (natural key), `name` [姓名] and `phone` [手机号] (required), `team` [服务队] (a team
name, created in the village/community of `region_code` when new), `region_code` [所在区域编码] (the
village/community or grid the volunteer serves), `party_member` [党员] (`1/0`, `是/否`), `skills` [特长] (separated by
`、` or `,`). The birth date (hence the age) comes from the ID number; a volunteer whose ID number is in the
resident registry is linked to the resident. Re-importing the same file changes nothing."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from wangge.core.ids import InvalidID, birth_date, normalize_id, normalize_phone
from wangge.core.imports import Column, Importer, RowError, parse_bool
from wangge.people.models import Resident
from wangge.regions import codes
from wangge.regions.choices import RegionLevel
from wangge.regions.models import Region

from .choices import PersonKind
from .models import Team, Volunteer

SKILL_SEPARATORS = re.compile(r"[、,，;；]")
UPDATABLE = ("name", "phone", "team_id", "region_id", "region_code", "party_member", "skills", "resident_id")


class VolunteerImporter(Importer):
    model = Volunteer
    key = "id_number"
    columns = [
        Column("id_number", ("身份证号",), required=True),
        Column("name", ("姓名",), required=True),
        Column("phone", ("手机号",), required=True),
        Column("team", ("服务队",)),
        Column("region_code", ("所在区域编码",), required=True),
        Column("party_member", ("党员",)),
        Column("skills", ("特长",)),
    ]

    def prepare(self):
        self.regions = {code: (pk, level) for pk, code, level in Region.objects.filter(
            level__in=[RegionLevel.VILLAGE, RegionLevel.GRID]).values_list("pk", "code", "level")}

    def clean(self, row, rownum):
        """The row on its own (no database here: batches are written on another thread)."""
        try:
            id_number = normalize_id(row["id_number"])
        except InvalidID as exc:
            raise RowError(str(exc)) from None
        name = row["name"].strip()
        if not name:
            raise RowError(_("The name is empty."))
        if len(name) > 50:
            raise RowError(_("The name is too long (50 characters at most)."))
        if not row["phone"]:
            raise RowError(_("The phone number is empty."))
        try:
            phone = normalize_phone(row["phone"])
        except ValueError as exc:
            raise RowError(str(exc)) from None
        code = row["region_code"].strip()
        if not code:
            raise RowError(_("The region code is empty."))
        region = self.regions.get(code)
        if region is None:
            raise RowError(_("The region code is not a village/community or grid of ours: %(code)s") % {"code": code})
        village_code = codes.truncate(code, RegionLevel.VILLAGE)
        team = row["team"].strip()
        if len(team) > 100:
            raise RowError(_("The team name is too long (100 characters at most)."))
        if team and village_code not in self.regions:
            raise RowError(_("The village/community of the grid is not in the region table: %(code)s")
                           % {"code": village_code})
        skills = "、".join(s.strip() for s in SKILL_SEPARATORS.split(row["skills"]) if s.strip())
        if len(skills) > 200:
            raise RowError(_("The skills are too long (200 characters at most)."))
        return {"id_number": id_number, "name": name, "phone": phone, "team": team,
                "team_region_id": self.regions[village_code][0] if team else None, "region_id": region[0],
                "region_code": code, "party_member": parse_bool(row["party_member"], _("party member")),
                "skills": skills}

    def _teams(self, rows) -> dict[tuple[int, str], int]:
        """{(village id, team name): team id} for the batch, creating the teams that are new (inside the batch's
        transaction, so a batch that rolls back leaves no team behind)."""
        wanted = {(r["team_region_id"], r["team"]) for r in rows if r["team"]}
        if not wanted:
            return {}
        found = {(region_id, name): pk for pk, region_id, name in Team.objects.filter(
            region_id__in={w[0] for w in wanted}, name__in={w[1] for w in wanted}).values_list(
            "pk", "region_id", "name")}
        regions = {r.pk: r for r in Region.objects.filter(pk__in={w[0] for w in wanted if w not in found})}
        for region_id, name in sorted(wanted - set(found)):
            found[(region_id, name)] = Team.objects.create(name=name, region=regions[region_id]).pk
        return found

    def save(self, rows):
        teams = self._teams(rows)
        ids = [r["id_number"] for r in rows]
        residents = dict(Resident.objects.filter(id_number__in=ids).values_list("id_number", "pk"))
        stored = {v.id_number: v for v in Volunteer.objects.filter(id_number__in=ids)}
        new, changed = [], []
        for row in rows:
            values = {"name": row["name"], "phone": row["phone"],
                      "team_id": teams.get((row["team_region_id"], row["team"])) if row["team"] else None,
                      "region_id": row["region_id"], "region_code": row["region_code"],
                      "party_member": row["party_member"], "skills": row["skills"],
                      "resident_id": residents.get(row["id_number"])}
            volunteer = stored.get(row["id_number"])
            if volunteer is None:
                volunteer = Volunteer(id_number=row["id_number"], kind=PersonKind.VOLUNTEER,
                                      birth_date=birth_date(row["id_number"]), **values)
                volunteer.person_key = volunteer.compute_person_key()
                new.append(volunteer)
                continue
            if values["resident_id"] is None:
                values["resident_id"] = volunteer.resident_id  # a link made by hand stays
            if any(getattr(volunteer, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(volunteer, name, value)
                changed.append(volunteer)
        Volunteer.objects.bulk_create(new)
        if changed:
            Volunteer.objects.bulk_update(changed, list(UPDATABLE))
        return len(new), len(changed)
