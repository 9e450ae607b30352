# Its days go with it: the schema deletes them with the participant. A participant of another
# meeting, or of a meeting not at $if_version when given, is left alone: the answer is empty.
# Logged with $actor, the entry's, and the participant's id and name (LeftChange).
with
    participant := (
        delete Participant
        filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
            and .meeting.version = (<optional int64>$if_version ?? .meeting.version)
    ),
    meeting := (update participant.meeting set { version := .version + 1 }),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := 'left',
                change := <json>(participant_id := participant.id, name := participant.name),
            }
        )
    ),
select entry { version, at, actor, kind, change }
