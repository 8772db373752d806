"""All the screening SQL, in one place.

Three stages:

- ``LOAD`` (DuckDB dialect): the pushed file, every column read as text, becomes the typed table ``recs`` with a
  rejection ``reason`` per row, keeping the rejected rows and the stays inside the lookback window (the others
  cannot match). Parsing text into timestamps is the one dialect-specific part.
- ``RULE`` (portable SQL: only joins, ``GROUP BY``, ``CASE``, ``substr``/``length``, ``ROW_NUMBER``/``DENSE_RANK``,
  ``TIMESTAMP '…'`` and ``INTERVAL 'n' DAY`` literals, so that the same text runs on DuckDB and on Spark SQL):
  the rule of formats.md over ``good`` (valid records) and ``designations`` → one row per flagged person.
- ``MATCH`` (portable as well): the flags joined to ``residents`` (ID number, then a phone held by exactly one
  resident) and, for the unmatched, to ``regions`` by the destination code's deepest prefix.

Every timestamp is a naive TIMESTAMP in China Standard Time (+08:00) — the pushed lists, the designations and the
screening time are all converted to that before the rule runs, and the output appends ``+08:00``.
Placeholders (``{as_of}``, ``{lookback_start}``, ``{retro_days}``) are filled by ``engine.rule_sql`` with literals
built from validated values only.
"""

# Canonical column names of travel_records.csv and their Chinese aliases (formats.md).
TRAVEL_COLUMNS = {
    "record_id": "记录编号",
    "id_number": "身份证号",
    "phone": "手机号",
    "name": "姓名",
    "place_code": "停留地编码",
    "place_name": "停留地",
    "arrived_at": "到达时间",
    "left_at": "离开时间",
    "destination_code": "现所在地编码",
    "source": "数据来源",
}
REQUIRED_TRAVEL_COLUMNS = ("place_code", "arrived_at")

# ---------------------------------------------------------------------------------------------------------------
# LOAD (DuckDB). `{src}` is a relation whose columns are the file's columns, by position, all VARCHAR, named
# c0, c1, …; `{col_<name>}` is the positional column holding a canonical field (or NULL when the file lacks it);
# `{raw_keep}` keeps every original field, but only on rejected rows (NULLs cost nothing); `{key_<name>}` is the
# cleaned key column (KEY_TEXT).
# ---------------------------------------------------------------------------------------------------------------

# Text → TIMESTAMP in +08:00. A value with an offset ('Z', '+hh:mm', '-hh:mm' at the end) is converted (the
# session time zone is UTC, so TIMESTAMPTZ → TIMESTAMP yields UTC wall time); a value without one already is China
# Standard Time; a bare date is 00:00. The offset test is written with strpos/right because it runs on every
# value (a regular expression costs twice as much); a '-' counts only in the last 6 characters of a value longer
# than 'YYYY-MM-DDTHH', so the date's own dashes never do. The two commonest shapes, 'YYYY-MM-DDTHH:MM:SS' and a
# bare date, cannot carry an offset and skip the test.
PARSE_TS = """(CASE
    WHEN length({v}) = 19 AND substr({v}, 17, 1) = ':' THEN TRY_CAST({v} AS TIMESTAMP)
    WHEN length({v}) = 10 THEN TRY_CAST({v} AS TIMESTAMP)
    WHEN strpos({v}, '+') > 0 OR strpos({v}, 'Z') > 0 OR strpos({v}, 'z') > 0
         OR (length({v}) > 13 AND strpos(right({v}, 6), '-') > 0)
        THEN CAST(TRY_CAST({v} AS TIMESTAMPTZ) AS TIMESTAMP) + INTERVAL 8 HOUR
    ELSE TRY_CAST({v} AS TIMESTAMP)
END)"""

# A key field (ID number, phone, codes): empty → NULL, surrounding spaces removed. trim() allocates a new string for
# every value, which costs more than the rest of the load together, so it runs only on the values that need it.
KEY_TEXT = """(CASE WHEN {v} = '' THEN NULL
      WHEN {v} LIKE ' %' OR {v} LIKE '% ' THEN nullif(trim({v}), '')
      ELSE {v} END)"""
# The ID number also upper-cases a final 'x' (again only where there is one).
ID_TEXT = """(CASE WHEN {v} = '' THEN NULL
      WHEN {v} LIKE ' %' OR {v} LIKE '% ' OR {v} LIKE '%x' OR {v} LIKE '%x %' THEN nullif(upper(trim({v})), '')
      ELSE {v} END)"""

# GB 11643 check of an 18-character ID number (`{v}` is the cleaned value, upper-case X): 17 digits and the ISO 7064
# MOD 11-2 check character. Written out term by term (ascii() − 48 is the digit) so it stays a plain expression
# DuckDB vectorises; only rows with an ID number pay for it. A 15-digit legacy number has no check digit and passes.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_SUM = " + ".join(f"(ascii(substr({{v}}, {i + 1}, 1)) - 48) * {w}" for i, w in enumerate(_ID_WEIGHTS))
ID_SHAPE_OK = "(regexp_full_match({v}, '[0-9]{{17}}[0-9X]') OR regexp_full_match({v}, '[0-9]{{15}}'))"
ID_CHECK_OK = f"(length({{v}}) = 15 OR substr('10X98765432', (({_ID_SUM}) % 11) + 1, 1) = substr({{v}}, 18, 1))"

LOAD = """
CREATE OR REPLACE TABLE recs AS
SELECT rowno, record_id, record_seq, id_number, phone, name, place_code, destination_code, a, b, reason{raw_keep}
FROM (
    SELECT *,
        CASE
            WHEN id_number IS NULL AND phone IS NULL THEN 'id_number（身份证号）和 phone（手机号）都为空'
            WHEN id_number IS NOT NULL AND NOT {id_shape_ok}
                THEN 'id_number（身份证号）格式错误：应为 18 位（17 位数字加校验位 0–9 或 X）'
            WHEN id_number IS NOT NULL AND NOT {id_check_ok}
                THEN 'id_number（身份证号）校验位错误（GB 11643），请核对号码'
            WHEN place_code IS NULL THEN 'place_code（停留地编码）为空'
            WHEN NOT regexp_full_match(place_code, '[0-9]{{6,}}') THEN 'place_code（停留地编码）应为至少 6 位数字'
            WHEN raw_arrived IS NULL THEN 'arrived_at（到达时间）为空'
            WHEN a IS NULL THEN 'arrived_at（到达时间）不是 ISO 8601 时间'
            WHEN raw_left IS NOT NULL AND b IS NULL THEN 'left_at（离开时间）不是 ISO 8601 时间'
            WHEN b < a THEN 'left_at（离开时间）早于 arrived_at（到达时间）'
        END AS reason
    FROM (
        SELECT *, CASE WHEN raw_left IS NULL THEN a ELSE {parse_b} END AS b
        FROM (SELECT *, {parse_a} AS a FROM (
            SELECT *,
                nullif({col_record_id}, '') AS record_id,
                TRY_CAST(nullif({col_record_id}, '') AS BIGINT) AS record_seq,
                {key_id_number} AS id_number,
                {key_phone} AS phone,
                nullif({col_name}, '') AS name,
                {key_place_code} AS place_code,
                {key_destination_code} AS destination_code,
                nullif({col_arrived_at}, '') AS raw_arrived,
                nullif({col_left_at}, '') AS raw_left
            FROM (SELECT row_number() OVER () AS rowno, * FROM {src})
        ))
    )
)
-- Only rejected rows and the stays that can match (b >= T - L, a <= T) are kept: the rest cannot change a flag.
WHERE reason IS NOT NULL OR (b >= {lookback_start} AND a <= {as_of})
"""

GOOD = """
CREATE OR REPLACE VIEW good AS
SELECT rowno, record_id, record_seq, coalesce(id_number, phone) AS person_key,
       id_number, phone, name, place_code, destination_code, a, b
FROM recs WHERE reason IS NULL
"""

# `{raw_out}`: the original fields under their original header names.
REJECTED = """
SELECT rowno AS "row", reason{raw_out} FROM recs WHERE reason IS NOT NULL ORDER BY 1
"""

# ---------------------------------------------------------------------------------------------------------------
# RULE (portable). Inputs: good(rowno, record_id, record_seq, person_key, id_number, phone, name, place_code,
# destination_code, a, b) and designations(area_code, level, f, t). Output: one row per flagged person.
# ---------------------------------------------------------------------------------------------------------------

RULE = """
WITH
win AS (
    -- Only stays that end within the lookback window and start no later than T can match anything.
    SELECT rowno, record_id, record_seq, person_key, a, b,
           substr(place_code, 1, 4) AS p4, substr(place_code, 1, 6) AS p6, substr(place_code, 1, 9) AS p9,
           substr(place_code, 1, 12) AS p12
    FROM good WHERE b >= {lookback_start} AND a <= {as_of}
),
des AS (
    -- Low designations never match; a designation taking effect after T is not known at T. `code_rank` numbers
    -- the codes in text order, so that the per-stay minimum below is taken over small integers.
    SELECT area_code, f, t, length(area_code) AS n, substr(area_code, 1, 4) AS city,
           CASE WHEN level = 'high' THEN 1 ELSE 2 END AS sev,
           DENSE_RANK() OVER (ORDER BY area_code) AS code_rank
    FROM designations
    WHERE level IN ('high', 'medium') AND f <= {as_of}
),
codes AS (
    SELECT DISTINCT code_rank, area_code FROM des
),
pairs AS (
    -- Every designation that can concern a stay is in the stay's city (a 6-, 9- or 12-digit code that p starts with
    -- has p's first 4 digits), so one equi-join on the city finds both kinds of match. Per stay:
    -- * direct: p starts with c, a <= min(t, T), b >= f - R. The best is the most severe, then the longest code,
    --   then the lowest code: the minimum of the key sev·10^8 + (99 − length)·10^6 + code_rank.
    -- * same city: a <= min(t, T), b >= f (in force at some moment of the stay; R does not apply); lowest code.
    SELECT w.rowno,
           MIN(CASE WHEN (CASE d.n WHEN 6 THEN w.p6 WHEN 9 THEN w.p9 ELSE w.p12 END) = d.area_code
                         AND w.b >= d.f - INTERVAL '{retro_days}' DAY
                    THEN d.sev * 100000000 + (99 - d.n) * 1000000 + d.code_rank END) AS direct_key,
           MIN(CASE WHEN w.b >= d.f THEN d.code_rank END) AS city_rank
    FROM win w JOIN des d ON w.p4 = d.city
    WHERE d.t IS NULL OR w.a <= d.t
    GROUP BY w.rowno
),
stays AS (
    -- A stay that matches no designation directly is same-city when its city qualifies.
    SELECT rowno,
           CASE WHEN direct_key IS NOT NULL THEN CAST(FLOOR(direct_key / 100000000) AS INTEGER) ELSE 3 END AS sev,
           CASE WHEN direct_key IS NOT NULL THEN direct_key % 1000000 ELSE city_rank END AS code_rank
    FROM pairs
    WHERE direct_key IS NOT NULL OR city_rank IS NOT NULL
),
ranked AS (
    -- One flag per person: most severe, then latest b, latest a, lowest record_id (numerically when it is a
    -- number), then file order.
    SELECT s.rowno, s.sev, s.code_rank,
           ROW_NUMBER() OVER (PARTITION BY w.person_key
                              ORDER BY s.sev, w.b DESC, w.a DESC, w.record_seq NULLS LAST,
                                       w.record_id NULLS LAST, w.rowno) AS rk
    FROM stays s JOIN win w ON w.rowno = s.rowno
)
SELECT g.person_key, g.id_number, g.phone, g.name,
       CASE r.sev WHEN 1 THEN 'high' WHEN 2 THEN 'medium' ELSE 'same_city' END AS category,
       c.area_code, g.place_code, g.a AS arrived_at, g.b AS left_at, g.destination_code
FROM ranked r
JOIN codes c ON c.code_rank = r.code_rank
JOIN good g ON g.rowno = r.rowno
WHERE r.rk = 1
"""

# ---------------------------------------------------------------------------------------------------------------
# MATCH (portable). Inputs: flags (RULE's output), residents(pk, id_number, phone, grid_code),
# regions(pk, code). Output: flags with the matched resident and, for the unmatched, the routed region.
# ---------------------------------------------------------------------------------------------------------------

MATCH = """
WITH
unique_phone AS (
    -- A phone counts only when exactly one resident has it (a family sharing a phone is not a match).
    SELECT phone, MIN(pk) AS pk, MIN(id_number) AS id_number, MIN(grid_code) AS grid_code
    FROM residents WHERE phone IS NOT NULL AND phone <> ''
    GROUP BY phone HAVING COUNT(*) = 1
),
matched AS (
    SELECT f.*,
           COALESCE(r1.pk, r2.pk) AS resident_pk,
           COALESCE(r1.id_number, r2.id_number) AS resident_id_number,
           COALESCE(r1.grid_code, r2.grid_code) AS grid_code,
           CASE WHEN r1.pk IS NOT NULL THEN 'id_number' WHEN r2.pk IS NOT NULL THEN 'phone' END AS matched_by
    FROM flags f
    LEFT JOIN residents r1 ON r1.id_number = f.id_number
    LEFT JOIN unique_phone r2 ON r1.pk IS NULL AND r2.phone = f.phone
),
route AS (
    -- The deepest region of ours whose code is a prefix of the destination code (codes have 6/9/12/15 digits:
    -- one equi-join per length).
    SELECT person_key, code FROM (
        SELECT person_key, code, ROW_NUMBER() OVER (PARTITION BY person_key ORDER BY length(code) DESC) AS rk
        FROM (
            SELECT m.person_key, g.code FROM matched m
            JOIN regions g ON length(g.code) = 6 AND substr(m.destination_code, 1, 6) = g.code
            WHERE m.resident_pk IS NULL
            UNION ALL
            SELECT m.person_key, g.code FROM matched m
            JOIN regions g ON length(g.code) = 9 AND substr(m.destination_code, 1, 9) = g.code
            WHERE m.resident_pk IS NULL
            UNION ALL
            SELECT m.person_key, g.code FROM matched m
            JOIN regions g ON length(g.code) = 12 AND substr(m.destination_code, 1, 12) = g.code
            WHERE m.resident_pk IS NULL
            UNION ALL
            SELECT m.person_key, g.code FROM matched m
            JOIN regions g ON length(g.code) = 15 AND substr(m.destination_code, 1, 15) = g.code
            WHERE m.resident_pk IS NULL
        ) c
    ) x WHERE rk = 1
)
SELECT m.*, gg.pk AS grid_pk, r.code AS routed_to, rr.pk AS routed_pk
FROM matched m
LEFT JOIN route r ON r.person_key = m.person_key
LEFT JOIN regions gg ON gg.code = m.grid_code
LEFT JOIN regions rr ON rr.code = r.code
"""

# flags.csv, exactly in the column order of formats.md, sorted by person_key (NULL is written as an empty field).
FLAGS_CSV = """
SELECT person_key, id_number, phone, name, category, area_code, place_code,
       strftime(arrived_at, '%Y-%m-%dT%H:%M:%S') || '+08:00' AS arrived_at,
       strftime(left_at, '%Y-%m-%dT%H:%M:%S') || '+08:00' AS left_at,
       resident_id_number, grid_code, routed_to
FROM result ORDER BY person_key
"""
FLAGS_COLUMNS = ("person_key", "id_number", "phone", "name", "category", "area_code", "place_code", "arrived_at",
                 "left_at", "resident_id_number", "grid_code", "routed_to")
