# Changes days of one meeting (each at most once) and counts every change in the meeting's
# version. $changes: [{"id": "<uuid>", "enabled"?: bool, "starred"?: bool}, ...]; a flag left
# out keeps its value. Days that are not that meeting's are left alone and not counted. Given
# $if_version, a meeting at another version is not found, and nothing changes.
with
    meeting := (
        select Meeting
        filter .url_code = <str>$url_code
            and .version = (<optional int64>$if_version ?? .version)
    ),
    changed := (
        for change in json_array_unpack(<json>$changes) union (
            update ParticipantDate
            filter .id = <uuid><str>change['id'] and .participant.meeting = meeting
            set {
                enabled := <bool>json_get(change, 'enabled') ?? .enabled,
                starred := <bool>json_get(change, 'starred') ?? .starred,
            }
        )
    ),
    # distinct: EdgeDB 3.6 returns each object updated in a FOR loop once per iteration.
    counted := (update meeting set { version := .version + count(distinct changed) }),
select {
    meeting_found := exists meeting,
    changed := array_agg(distinct changed.id),
}
