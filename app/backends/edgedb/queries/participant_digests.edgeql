# The digests that guard a participant: the organiser's and the participant's own. A participant
# of another meeting is not found.
with meeting := (select Meeting filter .url_code = <str>$url_code)
select {
    meeting_found := exists meeting,
    organiser := meeting.admin_token_digest,
    tokens_replaced := meeting.tokens_replaced,
    participant := (
        select Participant { token_digest }
        filter .id = <uuid>$participant_id and .meeting = meeting
    ),
}
