# Its days go with it: the schema deletes them with the participant.
with
    participant := (delete Participant filter .id = <uuid>$participant_id),
    meeting := (update participant.meeting set { version := .version + 1 }),
select meeting { url_code }
