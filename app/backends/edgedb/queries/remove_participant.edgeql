# Its days go with it: the schema deletes them with the participant. A participant of another
# meeting is left alone, and the answer is empty.
with
    participant := (
        delete Participant
        filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
    ),
    meeting := (update participant.meeting set { version := .version + 1 }),
select meeting { url_code }
