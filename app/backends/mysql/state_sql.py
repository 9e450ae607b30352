"""The hand-written reads of a meeting's nested state: what Tortoise's querysets cannot say in
one statement."""

from tortoise.expressions import RawSQL

from app.meetings.schemas import WEEKDAYS

# The whole nested state as one JSON document built by the server: one short row to decode
# instead of a row per day that repeats the meeting. Order is restored in Python (MySQL 8 has
# no ORDER BY inside JSON_ARRAYAGG), and the weekdays' names from their mask. MariaDB writes
# `x IS TRUE` as a JSON boolean, where the column itself would be 1 or 0.
_READ_STATE = """
SELECT JSON_OBJECT(
    'url_code', m.url_code, 'title', m.title, 'location', m.location,
    'start_date', m.start_date, 'end_date', m.end_date, 'weekdays', m.weekdays,
    'final_date', m.final_date, 'expires_on', m.expires_on, 'version', m.version,
    'participants', COALESCE((
        SELECT JSON_ARRAYAGG(JSON_OBJECT(
            'id', p.id, 'name', p.name,
            'dates', COALESCE((
                SELECT JSON_ARRAYAGG(JSON_OBJECT(
                    'id', d.id, 'date', d.date,
                    'enabled', d.enabled IS TRUE, 'starred', d.starred IS TRUE))
                FROM participant_date d WHERE d.participant_id = p.id
            ), JSON_ARRAY())))
        FROM participant p WHERE p.meeting_id = m.id
    ), JSON_ARRAY())) AS state
FROM meeting m
WHERE m.{key} = %s
"""
READ_STATE_BY_CODE = _READ_STATE.format(key="url_code")  # the benchmark floor's read

# The version and the state as the exact bytes of its MeetingState JSON (compact, in join and
# date order, strings quoted by JSON_QUOTE) for a days-only meeting. A meeting with times is
# written as MeetingDocument.parse reads it: its grid's wall times in minutes, its final time
# in seconds since the epoch, every participant's days and stored answers. The server's JSON
# functions cost more than its string functions here, and Python would have to parse, order
# and serialize their document again. Names and texts hold no control characters (schemas),
# the only characters JSON_QUOTE and pydantic could write differently.
READ_BODY = """
SELECT m.version AS version, CONCAT(
    '{"url_code":', JSON_QUOTE(m.url_code),
    ',"title":', JSON_QUOTE(m.title),
    ',"location":', JSON_QUOTE(m.location),
    ',"start_date":', IFNULL(CONCAT('"', m.start_date, '"'), 'null'),
    ',"end_date":', IFNULL(CONCAT('"', m.end_date, '"'), 'null'),
    ',"weekdays":[', CONCAT_WS(',', {weekday_names}), ']',
    ',"final_date":', IFNULL(CONCAT('"', m.final_date, '"'), 'null'),
    ',"times":', IF(m.time_zone IS NULL, 'null', CONCAT(
        '{"time_zone":', JSON_QUOTE(m.time_zone), ',"from":', m.day_from, ',"to":', m.day_to,
        ',"slot_minutes":', m.slot_minutes, ',"duration_minutes":', m.duration_minutes, '}')),
    ',"final_time":', IFNULL(TIMESTAMPDIFF(SECOND, '1970-01-01', m.final_time), 'null'),
    ',"expires_on":"', m.expires_on, '"',
    ',"version":', m.version,
    ',"participants":[', IFNULL((
        SELECT GROUP_CONCAT(
            '{"id":', p.id, ',"name":', JSON_QUOTE(p.name), ',"dates":[', IFNULL((
                SELECT GROUP_CONCAT(
                    '{"id":', d.id, ',"date":"', d.date,
                    IF(d.enabled, '","enabled":true', '","enabled":false'),
                    IF(d.starred, ',"starred":true}', ',"starred":false}')
                    ORDER BY d.date SEPARATOR ',')
                FROM participant_date d WHERE d.participant_id = p.id), ''),
            '],"availability":',
            IF(m.time_zone IS NULL, 'null', JSON_QUOTE(IFNULL(p.availability, ''))), '}'
            ORDER BY p.id SEPARATOR ',')
        FROM participant p WHERE p.meeting_id = m.id), ''),
    ']}') AS body
FROM meeting m
WHERE m.url_code = %s
""".replace(
    # The names of the weekdays in the mask (rules.DateRange.weekday_mask), in week order.
    "{weekday_names}",
    ", ".join(f"IF(m.weekdays & {1 << n}, '\"{day}\"', NULL)" for n, day in enumerate(WEEKDAYS)),
)

# The time of the meeting's last change: its version's entry in the log (none for a meeting
# from before the log). A subquery tied to the row, which Tortoise's own Subquery cannot say.
LAST_CHANGE_AT = RawSQL(
    "(SELECT c.at FROM meeting_change c WHERE c.meeting_id = meeting.id"
    " AND c.version = meeting.version)"
)
