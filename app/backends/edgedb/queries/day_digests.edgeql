# The digests that guard a day: the organiser's and its participant's. A day of another meeting
# is not found.
with meeting := (select Meeting filter .url_code = <str>$url_code)
select {
    meeting_found := exists meeting,
    organiser := meeting.admin_token_digest,
    tokens_replaced := meeting.tokens_replaced,
    day := (
        select ParticipantDate { participant_digest := .participant.token_digest }
        filter .id = <uuid>$participant_date_id and .participant.meeting = meeting
    ),
}
