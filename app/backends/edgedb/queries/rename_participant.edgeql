# A participant of another meeting, or of a meeting not at $if_version when given, is left
# alone, and the answer is empty.
with
    participant := (
        update Participant
        filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
            and .meeting.version = (<optional int64>$if_version ?? .meeting.version)
        set { name := <str>$name }
    ),
    meeting := (update participant.meeting set { version := .version + 1 }),
select meeting { url_code }
