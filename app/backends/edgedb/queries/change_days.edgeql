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
    ),
    requested := json_array_unpack(<json>$changes),
    found := (
        select requested
        filter exists (
            select ParticipantDate
            filter .id = <uuid><str>requested['id'] and .participant.meeting = meeting
        )
    ),
    changed := (
        for change in found union (
            with day := (
                update ParticipantDate
                filter .id = <uuid><str>change['id']
                set {
                    enabled := <bool>json_get(change, 'enabled') ?? .enabled,
                    starred := <bool>json_get(change, 'starred') ?? .starred,
                }
            )
            insert MeetingChange {
                meeting := meeting,
                # The meeting's version as this statement found it.
                version := meeting.version + 1 + count(
                    select found filter <int64>found['n'] < <int64>change['n']
                ),
                by := <str>day.participant.id if <str>change['by'] = 'participant'
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
    counted := (update meeting set { version := .version + count(found) }),
select {
    meeting_found := exists meeting,
    entries := (select changed { version, at, by, kind, change } order by .version),
}
