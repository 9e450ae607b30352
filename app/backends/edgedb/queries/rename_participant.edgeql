# A participant of another meeting is left alone, and the answer is empty.
with
    participant := (
        update Participant
        filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
        set { name := <str>$name }
    ),
    meeting := (update participant.meeting set { version := .version + 1 }),
select meeting { url_code }
