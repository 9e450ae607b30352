# Whose token of the meeting a digest is: the organiser's digest, and whether one of its
# participants holds it.
with meeting := (select Meeting filter .url_code = <str>$url_code)
select {
    meeting_found := exists meeting,
    organiser := meeting.admin_token_digest,
    participant_holds := exists (
        select Participant filter .meeting = meeting and .token_digest = <str>$digest
    ),
}
