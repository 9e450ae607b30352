with
    participant := (update Participant filter .id = <uuid>$participant_id set { name := <str>$name }),
    meeting := (update participant.meeting set { version := .version + 1 }),
select meeting { url_code }
