# Changes one day of a meeting and counts it in the meeting's version, or changes nothing.
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    day := (
        update ParticipantDate
        filter .id = <uuid>$participant_date_id and .participant.meeting = meeting
        set {
            enabled := <optional bool>$enabled ?? .enabled,
            starred := <optional bool>$starred ?? .starred,
        }
    ),
    counted := (update meeting filter exists day set { version := .version + 1 }),
select {
    meeting_found := exists meeting,
    day_found := exists day,
    version := counted.version,
}
