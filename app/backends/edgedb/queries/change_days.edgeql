# Changes days of one meeting (each at most once), counts every change in the meeting's version
# and logs each (`day`, the day as the change left it) at the version it made, in the order of
# $changes. $changes: [{"n": int, "id": "<uuid>", "by": "organiser" | "anyone" | "participant",
# "enabled"?: bool, "starred"?: bool}, ...], n increasing; a flag left out keeps its value.
# Days that are not that meeting's are left alone and not counted. Given $if_version, a meeting
# at another version is not found, and nothing changes.
with
    meeting := (
        select Meeting
        filter .url_code = <str>$url_code
            and .version = (<optional int64>$if_version ?? .version)
            # A meeting with times keeps its days unchanged, for when it has days only.
            and not exists .time_zone
    ),
    requested := json_array_unpack(<json>$changes),
    found := (
        select requested
        filter exists (
            select ParticipantDate
            filter .id = <uuid><str>requested['id'] and .participant.meeting = meeting
        )
    ),
    # Where each change found comes, as one value: a set named again inside the loop below
    # would stand for the loop's element.
    places := array_agg(<int64>found['n']),
    # First, so that it locks the meeting: a concurrent writer of it is run again, before it
    # could log a version this statement logs.
    counted := (update meeting set { version := .version + len(places) }),
    # distinct: EdgeDB 3.6 returns each object updated in a FOR loop once per iteration.
    updated := (
        for change in found union (
            update ParticipantDate
            filter .id = <uuid><str>change['id']
            set {
                enabled := <bool>json_get(change, 'enabled') ?? .enabled,
                starred := <bool>json_get(change, 'starred') ?? .starred,
            }
        )
    ),
    changed := (
        for day in (select distinct updated) union (
            with change := assert_single((
                select found filter <uuid><str>found['id'] = day.id
            ))
            insert MeetingChange {
                meeting := counted,
                version := counted.version - len(places) + 1 + count(
                    (select place := array_unpack(places) filter place < <int64>change['n'])
                ),
                actor := <str>day.participant.id if <str>change['by'] = 'participant'
                    else <str>change['by'],
                kind := 'day',
                change := <json>(
                    participant_id := day.participant.id,
                    participant_date_id := day.id,
                    date := day.date,
                    enabled := day.enabled,
                    starred := day.starred,
                ),
            }
        )
    ),
select {
    meeting_found := exists meeting,
    entries := (select changed { version, at, actor, kind, change } order by .version),
}
