"""A synthetic but realistic district (domain.md §6), as pure generators of rows — no Django, no database.

`plan_district()` lays out the territory: the real towns and streets, villages and communities in the
domain.md counts, the population of each, grids of about 915 residents. The layout depends only on the
district and the scale, never on the seed, so region codes are stable. `iter_residents()`, `iter_staff()`
and `iter_accounts()` then stream the people of that layout, deterministic for a given seed: each grid draws
from its own random stream, so a grid's people do not depend on which other grids are generated (only the
sequence digits of ID numbers do, since they must stay unique across the whole run).

The loader (`loader.py`), the `generate_district` command, the CSV writer, the tests and the benchmarks all
use these generators; a full district (about a million residents) is streamed, never held in memory.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from wangge.core.ids import CHECK_CHARS, WEIGHTS

from .synth import chinese_number, random_given, random_name, random_phone, random_surname

# Targets (domain.md §6). The tests check the generated figures against these.
RESIDENTS_PER_GRID = 915
PERSONS_PER_HOUSEHOLD = 2.22
ELDERLY_SHARE = 0.308  # aged 60+
INDUSTRIAL_SHARE = 0.20  # of the villages/communities
INDUSTRIAL_MIGRANT_SHARE = 0.40
NO_SMARTPHONE_SHARE = 0.10  # among the elderly
SMALL_TARGET = 20_000  # residents of the `small` scale
DEFAULT_AS_OF = datetime.date(2021, 8, 1)  # the figures of domain.md §7 are from August 2021

# Household sizes: locals slightly larger than migrants (many migrant workers live alone).
LOCAL_SIZES = {1: 0.26, 2: 0.39, 3: 0.19, 4: 0.11, 5: 0.05}  # mean 2.30
MIGRANT_SIZES = {1: 0.42, 2: 0.30, 3: 0.19, 4: 0.09}  # mean 1.95
MIGRANT_ELDERLY_SHARE = 0.03

# Age bands (from, to inclusive) with weights.
ELDERLY_AGES = ((60, 64, 10), (65, 69, 9), (70, 74, 6), (75, 79, 4), (80, 84, 2.5), (85, 89, 1.2), (90, 94, 0.4),
                (95, 99, 0.1))
ADULT_AGES = ((20, 24, 5), (25, 29, 6), (30, 34, 7), (35, 39, 7), (40, 44, 7), (45, 49, 9), (50, 54, 10),
              (55, 59, 9))
MIGRANT_AGES = ((18, 24, 7), (25, 29, 9), (30, 34, 9), (35, 39, 8), (40, 44, 7), (45, 49, 6), (50, 55, 4))

# County codes of other provinces that Nantong's migrant workers typically come from (Anhui, Henan,
# Sichuan, Chongqing, Guizhou, Yunnan, Jiangxi, Hubei, Hunan, Shandong, Gansu).
MIGRANT_AREAS = (
    "341221", "341222", "341226", "341282", "341321", "341322", "341522", "341623", "340822",
    "411521", "411527", "411426", "412721", "412723", "412725", "412728", "411323",
    "510524", "511621", "513723", "511324", "500235", "500236", "500243",
    "522422", "522425", "530627", "362330", "421127", "430524", "371525", "622421",
)
# Other Jiangsu counties: people who live here for years but are registered elsewhere (常住, not 户籍).
JIANGSU_AREAS = ("320602", "320621", "320623", "320681", "320682", "321283", "320723", "320830", "321324")

VILLAGE_FIRST = "东西南北新大小长永兴安和平光红胜友建民富顺德福金青三四五六七八中万双"
VILLAGE_SECOND = "兴安河港桥石丰福华庄圩湾星阳明乐余盛荣利光合园林坝洪灶墩沙桥家宅"
COMMUNITY_WORDS = (
    "长江", "人民", "解放", "秀山", "东洲", "黄海", "中南", "新城", "锦绣", "育才", "和平", "光华", "文峰", "师山",
    "东方", "南苑", "北苑", "西城", "滨江", "江海", "临江", "启秀", "青龙", "海洋", "丝绸", "家纺", "叠石", "富民",
    "幸福", "龙腾", "凤凰", "星光", "明珠", "金港", "银河", "港城", "通江", "长乐", "正和", "余庆", "桃园", "翠苑",
    "紫薇", "丽园", "新港", "江南", "晨光", "朝阳", "东湖", "新河", "城北", "城南", "城东", "城西", "世纪", "府前",
    "状元", "德胜", "清江", "金沙", "紫琅", "濠西", "碧霞", "鹏程", "万达", "学府", "花园", "向阳", "红星", "建设",
)


@dataclass(frozen=True)
class DistrictSpec:
    """One real district: its region code, the towns/streets in domain.md order, the population."""

    key: str
    name: str
    code: str  # region code of the district today
    population: int
    # (name, communities, villages); streets (街道) get communities only.
    units: tuple[tuple[str, int, int], ...]
    small_town: str
    # ID area codes of registered residents by first-issue era, see `registered_area`.
    id_areas: dict = field(default_factory=dict)
    landmark: tuple[str, str, int, float] | None = None  # (town, village, residents, migrant share)


DISTRICTS = {
    "haimen": DistrictSpec(
        key="haimen", name="海门区", code="320614", population=991_782,
        units=(("海门街道", 14, 0), ("滨江街道", 11, 0), ("三厂街道", 12, 0), ("三星镇", 4, 28), ("常乐镇", 3, 28),
               ("悦来镇", 3, 28), ("四甲镇", 3, 28), ("余东镇", 3, 28), ("正余镇", 3, 28), ("包场镇", 3, 28),
               ("临江镇", 3, 28), ("海永镇", 1, 7)),
        small_town="三星镇",
        # 320614 海门区 (2020–), 320684 海门市 (1994–2020), 320625 海门县: most people alive in 2021 got their
        # number as 海门市; some older ones kept the county's code.
        id_areas={"current": "320614", "current_from": 2021, "main": "320684", "old": "320625",
                  "old_before": 1994, "old_share": 0.15},
        landmark=("三星镇", "大石村", 7_300, 0.56),
    ),
    "tongzhou": DistrictSpec(
        key="tongzhou", name="通州区", code="320612", population=1_258_739,
        units=(("金沙街道", 12, 0), ("金新街道", 10, 0), ("兴东街道", 9, 0), ("先锋街道", 9, 0), ("西亭镇", 2, 18),
               ("二甲镇", 2, 18), ("东社镇", 2, 17), ("三余镇", 2, 17), ("十总镇", 2, 17), ("石港镇", 3, 18),
               ("刘桥镇", 2, 17), ("平潮镇", 3, 18), ("五接镇", 2, 17), ("兴仁镇", 2, 17), ("张芝山镇", 2, 17),
               ("川姜镇", 4, 17)),
        small_town="川姜镇",
        # 320612 通州区 (2009–), 320683 通州市 (1993–2009), 320624 南通县 (before 1993).
        id_areas={"current": "320612", "current_from": 2009, "main": "320683", "old": "320624",
                  "old_before": 1993, "old_share": 0.35},
    ),
}


class RegionRow(NamedTuple):
    code: str
    name: str
    level: str  # district / town / village / grid
    parent_code: str
    industrial: bool = False


class ResidentRow(NamedTuple):
    id_number: str
    name: str
    phone: str
    grid_code: str
    address: str
    residence_type: str  # registered / resident / migrant
    household: str
    no_smartphone: bool
    birth_date: datetime.date
    sex: str  # M / F


class StaffRow(NamedTuple):
    grid_code: str
    name: str
    phone: str
    role: str  # leader / worker / volunteer (regions.choices.StaffRole)
    party_role: str  # "" / branch_secretary / party_member / central_household
    username: str  # "" for volunteers (they have no account)


class AccountRow(NamedTuple):
    username: str
    role: str  # accounts.choices.Role value
    region_code: str
    display_name: str
    phone: str


@dataclass(frozen=True)
class GridPlan:
    code: str
    name: str
    town: str
    village: str
    community: bool
    population: int
    migrant_share: float
    first_block: int  # first 组 (village) or 幢 (community) of this grid
    blocks: int


@dataclass
class DistrictPlan:
    spec: DistrictSpec
    regions: list[RegionRow]
    grids: list[GridPlan]
    as_of: datetime.date = DEFAULT_AS_OF

    @property
    def population(self) -> int:
        return sum(g.population for g in self.grids)

    def first_grids(self, n: int) -> DistrictPlan:
        """The same plan cut down to its first `n` grids and their ancestors (quick tests and smoke runs)."""
        grids = self.grids[:n]
        keep = {self.spec.code} | {g.code[:length] for g in grids for length in (9, 12, 15)}
        return DistrictPlan(self.spec, [r for r in self.regions if r.code in keep], grids, self.as_of)


@dataclass
class _Unit:
    town: str
    town_code: str
    code: str
    name: str
    community: bool
    street: bool
    industrial: bool = False
    population: int = 0
    migrant_share: float = 0.0


def plan_district(district: str = "haimen", scale: str = "small", villages: int | None = None,
                  as_of: datetime.date = DEFAULT_AS_OF) -> DistrictPlan:
    """The territory of a district at a scale: `full` = everything, `small` = one town's first villages up to
    about 20,000 residents. `villages` keeps only the first N villages/communities of each kept town."""
    if district not in DISTRICTS:
        raise ValueError(f"unknown district {district!r}; choose one of {', '.join(DISTRICTS)}")
    if scale not in ("small", "full"):
        raise ValueError(f"unknown scale {scale!r}; choose small or full")
    spec = DISTRICTS[district]
    units = _layout(spec)
    if scale == "small":
        units = _small_selection(units, spec.small_town)
    if villages is not None:
        per_town: dict[str, int] = {}
        kept = []
        for unit in units:
            per_town[unit.town_code] = per_town.get(unit.town_code, 0) + 1
            if per_town[unit.town_code] <= villages:
                kept.append(unit)
        units = kept
    return _build_plan(spec, units, as_of)


def _layout(spec: DistrictSpec) -> list[_Unit]:
    """Every village/community of the district with its population; depends on the district only."""
    rng = random.Random(f"wangge-layout-{spec.key}")
    names = _NamePool(rng)
    landmark_town, landmark_village = (spec.landmark or ("", ""))[:2]
    if spec.landmark:
        names.reserve(landmark_village)
    units: list[_Unit] = []
    town_seq = street_seq = 0
    for town, communities, n_villages in spec.units:
        street = town.endswith("街道")
        if street:
            street_seq += 1
            town_code = f"{spec.code}{street_seq:03d}"
        else:
            # Statistical codes number streets 0xx and towns 1xx; 101 is left for the development zone.
            town_seq += 1
            town_code = f"{spec.code}{101 + town_seq:03d}"
        seq = 0
        for i in range(n_villages):
            seq += 1
            name = landmark_village if (town == landmark_town and i == 0) else names.village()
            units.append(_Unit(town, town_code, f"{town_code}{seq:03d}", name, community=False, street=street))
        for _ in range(communities):
            seq += 1
            units.append(_Unit(town, town_code, f"{town_code}{seq:03d}", names.community(), community=True,
                               street=street))
    _mark_industrial(units, rng, spec)
    _allocate_population(units, rng, spec)
    return units


class _NamePool:
    """Plausible, unique village and community names (大石村, 永安村, 长江社区 …)."""

    def __init__(self, rng: random.Random):
        pairs = [a + b for a in VILLAGE_FIRST for b in VILLAGE_SECOND if a != b]
        rng.shuffle(pairs)
        words = list(COMMUNITY_WORDS)
        rng.shuffle(words)
        self.pairs, self.words, self.used = pairs, words, set()

    def reserve(self, name: str):
        self.used.add(name)

    def _take(self, pool: list[str], suffix: str) -> str:
        while True:
            stem = pool.pop() if pool else self.pairs.pop()
            name = stem + suffix
            if name not in self.used:
                self.used.add(name)
                return name

    def village(self) -> str:
        return self._take(self.pairs, "村")

    def community(self) -> str:
        return self._take(self.words, "社区")


def _mark_industrial(units: list[_Unit], rng: random.Random, spec: DistrictSpec) -> None:
    landmark = spec.landmark
    chosen = rng.sample(range(len(units)), round(INDUSTRIAL_SHARE * len(units)))
    for i in chosen:
        units[i].industrial = True
    for unit in units:
        if landmark and (unit.town, unit.name) == landmark[:2]:
            unit.industrial = True
        if unit.industrial:
            unit.migrant_share = INDUSTRIAL_MIGRANT_SHARE + rng.uniform(-0.04, 0.04)
        elif unit.street:
            unit.migrant_share = rng.uniform(0.10, 0.18)
        elif unit.community:
            unit.migrant_share = rng.uniform(0.06, 0.12)
        else:
            unit.migrant_share = rng.uniform(0.03, 0.07)
        if landmark and (unit.town, unit.name) == landmark[:2]:
            unit.migrant_share = landmark[3]


def _allocate_population(units: list[_Unit], rng: random.Random, spec: DistrictSpec) -> None:
    """Split the census population over the units (largest remainder, so the total is exact)."""
    fixed = {(spec.landmark[0], spec.landmark[1]): spec.landmark[2]} if spec.landmark else {}
    weights = []
    for unit in units:
        weight = math.exp(rng.gauss(0, 0.3)) * (1.5 if unit.street else 1.0) * (1.6 if unit.industrial else 1.0)
        weights.append(0.0 if (unit.town, unit.name) in fixed else weight)
    remaining = spec.population - sum(fixed.values())
    shares = [remaining * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(units)), key=lambda i: counts[i] - shares[i])
    for i in order[: remaining - sum(counts)]:
        counts[i] += 1
    for unit, count in zip(units, counts, strict=True):
        unit.population = fixed.get((unit.town, unit.name), count)


def _small_selection(units: list[_Unit], town: str) -> list[_Unit]:
    kept, total = [], 0
    for unit in units:
        if unit.town == town and total < SMALL_TARGET:
            kept.append(unit)
            total += unit.population
    return kept


def _build_plan(spec: DistrictSpec, units: list[_Unit], as_of: datetime.date) -> DistrictPlan:
    regions = [RegionRow(spec.code, spec.name, "district", "")]
    towns_seen = set()
    grids: list[GridPlan] = []
    for unit in units:
        if unit.town_code not in towns_seen:
            towns_seen.add(unit.town_code)
            regions.append(RegionRow(unit.town_code, unit.town, "town", spec.code))
        regions.append(RegionRow(unit.code, unit.name, "village", unit.town_code, unit.industrial))
        grids.extend(_grids_of(unit))
    regions.extend(RegionRow(g.code, g.name, "grid", g.code[:12]) for g in grids)
    return DistrictPlan(spec, regions, grids, as_of)


def _grids_of(unit: _Unit) -> list[GridPlan]:
    """Grids of about 915 residents each, a little uneven as real grids are."""
    n = max(1, round(unit.population / RESIDENTS_PER_GRID))
    rng = random.Random(f"wangge-grids-{unit.code}")
    weights = [1 + rng.uniform(-0.08, 0.08) for _ in range(n)]
    sizes = [int(unit.population * w / sum(weights)) for w in weights]
    sizes[0] += unit.population - sum(sizes)
    grids, block = [], 1
    for i, size in enumerate(sizes, start=1):
        # A village group (组) has about 40 households; a community building (幢) about 24.
        blocks = max(1, round(size / PERSONS_PER_HOUSEHOLD / (24 if unit.community else 40)))
        grids.append(GridPlan(f"{unit.code}{i:03d}", f"{unit.name}第{chinese_number(i)}网格", unit.town, unit.name,
                              unit.community, size, unit.migrant_share, block, blocks))
        block += blocks
    return grids


# ---------------------------------------------------------------------------------------------- people


def _cumulative(bands):
    return list(accumulate(w for _, _, w in bands))


_ELDERLY_CUM, _ADULT_CUM, _MIGRANT_CUM = (_cumulative(b) for b in (ELDERLY_AGES, ADULT_AGES, MIGRANT_AGES))
_LOCAL_SIZE_CUM = list(accumulate(LOCAL_SIZES.values()))
_MIGRANT_SIZE_CUM = list(accumulate(MIGRANT_SIZES.values()))
_LOCAL_SIZE_KEYS, _MIGRANT_SIZE_KEYS = tuple(LOCAL_SIZES), tuple(MIGRANT_SIZES)
_LOCAL_MEAN = sum(k * v for k, v in LOCAL_SIZES.items())
_MIGRANT_MEAN = sum(k * v for k, v in MIGRANT_SIZES.items())


def _draw_age(rng: random.Random, bands, cum) -> int:
    low, high, _ = bands[bisect.bisect_right(cum, rng.random() * cum[-1])]
    return rng.randint(low, high)


def _draw_size(rng: random.Random, sizes: tuple, cum) -> int:
    return sizes[bisect.bisect_right(cum, rng.random() * cum[-1])]


class _IdAllocator:
    """Unique ID numbers: within one (area code, birth date, sex) the sequence numbers never repeat.

    Same result as synth.make_id, but the check digit's weighted sum is split into cached parts (area, birth
    date, sequence): this is the generator's hottest line."""

    def __init__(self):
        self.used: dict[int, int] = {}
        self.area_sums: dict[str, int] = {}
        self.dates: dict[int, tuple[str, int]] = {}
        self.seq_parts = [(f"{n:03d}", _weighted(f"{n:03d}", WEIGHTS[14:])) for n in range(1000)]

    def make(self, area: str, birth: datetime.date, male: bool) -> str:
        ordinal, area_int = birth.toordinal(), int(area)
        key = (area_int * 1_000_000 + ordinal) * 2 + male
        n = self.used.get(key, 0)
        self.used[key] = n + 1
        seq, seq_sum = self.seq_parts[((ordinal * 37 + area_int + n) % 500) * 2 + (1 if male else 0)]
        area_sum = self.area_sums.get(area)
        if area_sum is None:
            area_sum = self.area_sums[area] = _weighted(area, WEIGHTS[:6])
        date = self.dates.get(ordinal)
        if date is None:
            text = f"{birth:%Y%m%d}"
            date = self.dates[ordinal] = (text, _weighted(text, WEIGHTS[6:14]))
        return area + date[0] + seq + CHECK_CHARS[(area_sum + date[1] + seq_sum) % 11]


def _weighted(digits: str, weights) -> int:
    return sum(int(c) * w for c, w in zip(digits, weights, strict=True))


class _Births:
    """Birth dates for a given age on the reference date, by calendar (not 365-day years)."""

    def __init__(self, as_of: datetime.date):
        if as_of.month == 2 and as_of.day == 29:
            as_of = as_of - datetime.timedelta(days=1)
        self.as_of = as_of
        self.bounds = [(as_of.replace(year=as_of.year - a - 1).toordinal() + 1,
                        as_of.replace(year=as_of.year - a).toordinal()) for a in range(101)]

    def draw(self, rng: random.Random, age: int) -> datetime.date:
        low, high = self.bounds[age]
        return datetime.date.fromordinal(rng.randint(low, high))


def _registered_area(spec: DistrictSpec, rng: random.Random, year: int) -> str:
    areas = spec.id_areas
    if year >= areas["current_from"]:
        return areas["current"]
    if year < areas["old_before"] and rng.random() < areas["old_share"]:
        return areas["old"]
    return areas["main"]


class _Member(NamedTuple):
    age: int
    male: bool
    surname: str


def _household_members(rng: random.Random, size: int, migrant: bool, p_elderly: float) -> list[_Member]:
    """Ages and sexes of one household: a head, a spouse of a similar age, then children or grandparents."""
    elderly_cum, elderly_bands = _ELDERLY_CUM, ELDERLY_AGES
    adult_bands, adult_cum = (MIGRANT_AGES, _MIGRANT_CUM) if migrant else (ADULT_AGES, _ADULT_CUM)
    head_elderly = rng.random() < p_elderly
    head_age = _draw_age(rng, elderly_bands, elderly_cum) if head_elderly else _draw_age(rng, adult_bands, adult_cum)
    head = _Member(head_age, rng.random() < 0.6, random_surname(rng))
    members = [head]
    if size >= 2:
        # Spouses are usually of the same generation; keep the marginal elderly share at p_elderly.
        if head_elderly:
            elderly = rng.random() < 0.85
        else:
            elderly = rng.random() < min(1.0, 0.15 * p_elderly / max(1e-9, 1 - p_elderly))
        if elderly:
            age = max(60, min(99, head_age + rng.randint(-4, 4))) if head_elderly else rng.randint(60, 66)
        else:
            age = max(20, min(59, head_age + rng.randint(-4, 4))) if not head_elderly else rng.randint(50, 59)
        members.append(_Member(age, not head.male, random_surname(rng)))
    father = head if head.male else (members[1] if size >= 2 else head)
    for _ in range(size - 2):
        if rng.random() < p_elderly:
            age = max(60, min(99, head_age + rng.randint(22, 32))) if head_age >= 35 else _draw_age(
                rng, elderly_bands, elderly_cum)
            members.append(_Member(age, rng.random() < 0.45, random_surname(rng)))
        else:
            oldest = head_age - 20 if head_age < 60 else 59
            age = rng.randint(0, max(0, min(59, oldest)))
            members.append(_Member(age, rng.random() < 0.52, father.surname))
    return members


def _grid_people(grid: GridPlan, spec: DistrictSpec, seed, ids: _IdAllocator, births: _Births
                 ) -> Iterator[ResidentRow]:
    rng = random.Random(f"{seed}:people:{grid.code}")
    m = grid.migrant_share
    # Share of households that are migrant so that the share of *people* is m (migrant households are smaller).
    migrant_households = m * _LOCAL_MEAN / (_MIGRANT_MEAN * (1 - m) + _LOCAL_MEAN * m)
    # Share of elderly among locals so that the whole grid has ELDERLY_SHARE.
    p_local = min(0.85, max(0.0, (ELDERLY_SHARE - m * MIGRANT_ELDERLY_SHARE) / (1 - m)))
    prefix = grid.town + grid.village
    per_block = 24 if grid.community else 40
    count = household = migrants = elderly = 0
    while count < grid.population:
        household += 1
        # Steer gently towards the targets, so that every grid (not only the district on average) has them.
        migrant = rng.random() < migrant_households + (m * count - migrants) / 20
        sizes, cum = (_MIGRANT_SIZE_KEYS, _MIGRANT_SIZE_CUM) if migrant else (_LOCAL_SIZE_KEYS, _LOCAL_SIZE_CUM)
        size = min(_draw_size(rng, sizes, cum), grid.population - count)
        block = grid.first_block + min((household - 1) // per_block, grid.blocks - 1)
        number = household - (block - grid.first_block) * per_block
        if grid.community:
            floor, room = divmod(number - 1, 4)
            address = f"{prefix}{block}幢{room // 2 + 1}单元{floor + 1}0{room % 2 + 1}室"
        else:
            address = f"{prefix}{block}组{number}号"
        key = f"{grid.code}{household:04d}"
        if migrant:
            residence, home_area = "migrant", rng.choice(MIGRANT_AREAS)
            p_elderly = MIGRANT_ELDERLY_SHARE
            migrants += size
        else:
            if rng.random() < 0.12:
                residence, home_area = "resident", rng.choice(JIANGSU_AREAS)
            else:
                residence, home_area = "registered", None
            p_elderly = min(0.9, max(0.02, p_local + (ELDERLY_SHARE * count - elderly) / 20))
        members = _household_members(rng, size, migrant, p_elderly)
        elderly += sum(1 for member in members if member.age >= 60)
        family_phone = ""
        for member in members:
            birth = births.draw(rng, member.age)
            area = home_area or _registered_area(spec, rng, birth.year)
            no_smartphone = member.age >= 60 and rng.random() < NO_SMARTPHONE_SHARE
            if member.age < 16:
                phone = family_phone if rng.random() < 0.5 else ""
            elif no_smartphone and family_phone and rng.random() < 0.5:
                phone = family_phone  # reached through a relative's phone
            else:
                phone = random_phone(rng)
            family_phone = family_phone or phone
            yield ResidentRow(ids.make(area, birth, member.male), member.surname + random_given(rng), phone,
                              grid.code, address, residence, key, no_smartphone, birth, "M" if member.male else "F")
        count += size


def iter_residents(plan: DistrictPlan, seed=2021) -> Iterator[ResidentRow]:
    """Every resident of the plan, grid by grid, household members consecutive."""
    ids, births = _IdAllocator(), _Births(plan.as_of)
    for grid in plan.grids:
        yield from _grid_people(grid, plan.spec, seed, ids, births)


def iter_regions(plan: DistrictPlan) -> Iterator[RegionRow]:
    """District, towns, villages, grids — parents always before children."""
    order = {"district": 0, "town": 1, "village": 2, "grid": 3}
    yield from sorted(plan.regions, key=lambda r: (order[r.level], r.code))


# ---------------------------------------------------------------------------------------------- staff


def _distinct_names(rng: random.Random, n: int) -> list[str]:
    names: list[str] = []
    while len(names) < n:
        name = random_name(rng)
        if name not in names:
            names.append(name)
    return names


def iter_staff(plan: DistrictPlan, seed=2021) -> Iterator[StaffRow]:
    """Each grid's team — 1 leader, about 3 workers, a few volunteers — with the "four in one" party roles:
    a grid party branch secretary (usually the leader), party members, party-member central households."""
    for grid in plan.grids:
        rng = random.Random(f"{seed}:staff:{grid.code}")
        workers = rng.choices((2, 3, 4), weights=(2, 6, 2))[0]
        volunteers = rng.randint(2, 5)
        names = _distinct_names(rng, 1 + workers + volunteers)
        leader_is_secretary = rng.random() < 0.8
        yield StaffRow(grid.code, names[0], random_phone(rng), "leader",
                       "branch_secretary" if leader_is_secretary else "party_member", f"g{grid.code}l")
        for i in range(1, workers + 1):
            if i == 1 and not leader_is_secretary:
                party = "branch_secretary"
            else:
                party = "party_member" if rng.random() < 0.5 else ""
            yield StaffRow(grid.code, names[i], random_phone(rng), "worker", party, f"g{grid.code}w{i}")
        for i in range(volunteers):
            if i == 0 or (i == 1 and rng.random() < 0.5):
                party = "central_household"
            else:
                party = "party_member" if rng.random() < 0.4 else ""
            yield StaffRow(grid.code, names[1 + workers + i], random_phone(rng), "volunteer", party, "")


def iter_accounts(plan: DistrictPlan, seed=2021) -> Iterator[AccountRow]:
    """Accounts that are not grid staff: district administrators and hotline operators, three cadres per town,
    two per village/community. Grid leaders and workers get theirs from `iter_staff`."""
    rng = random.Random(f"{seed}:accounts:{plan.spec.code}")
    code = plan.spec.code
    for role, letter, n in (("district_admin", "a", 2), ("hotline_operator", "h", 2)):
        for i in range(1, n + 1):
            yield AccountRow(f"d{code}{letter}{i}", role, code, random_name(rng), random_phone(rng))
    for region in plan.regions:
        if region.level in ("town", "village"):
            role, letter, n = ("town_cadre", "t", 3) if region.level == "town" else ("village_cadre", "v", 2)
            for i in range(1, n + 1):
                yield AccountRow(f"{letter}{region.code}c{i}", role, region.code, random_name(rng),
                                 random_phone(rng))


# ---------------------------------------------------------------------------------------------- CSV

REGION_COLUMNS = ("code", "name", "level", "parent_code")
RESIDENT_COLUMNS = ("id_number", "name", "phone", "grid_code", "address", "residence_type", "household",
                    "no_smartphone")


def write_csv(plan: DistrictPlan, out_dir, seed=2021, on_batch=None, batch: int = 10_000) -> tuple[Path, Path]:
    """regions.csv + residents.csv in the formats.md columns (English headers, UTF-8), streamed.
    `on_batch(n)` is called after every `batch` residents (for a progress bar)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    regions_path, residents_path = out / "regions.csv", out / "residents.csv"
    with regions_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(REGION_COLUMNS)
        writer.writerows(r[:4] for r in iter_regions(plan))
    with residents_path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(RESIDENT_COLUMNS)
        rows = []
        for row in iter_residents(plan, seed):
            rows.append((*row[:7], "1" if row.no_smartphone else "0"))
            if len(rows) >= batch:
                writer.writerows(rows)
                if on_batch:
                    on_batch(len(rows))
                rows = []
        writer.writerows(rows)
        if on_batch and rows:
            on_batch(len(rows))
    return regions_path, residents_path
