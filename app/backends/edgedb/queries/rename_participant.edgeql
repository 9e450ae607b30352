# A participant of another meeting, or of a meeting not at $if_version when given, is left
# alone, and the answer is empty. Logged with $change and $actor, the entry's.
with
    participant := (
        update Participant
        filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
            and .meeting.version = (<optional int64>$if_version ?? .meeting.version)
        set { name := <str>$name }
    ),
    meeting := (update participant.meeting set { version := .version + 1 }),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := 'renamed',
                change := <json>$change,
            }
        )
    ),
select entry { version, at, actor, kind, change }
