# Gives the participant the token with $new_digest, only while $by_digest is the participant's
# or the organiser's, and counts the replacement in the meeting: the participant, or none.
with participant := (
    update Participant
    filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
        and <str>$by_digest in {.token_digest, .meeting.admin_token_digest}
    set { token_digest := <str>$new_digest }
)
select (update participant.meeting set { tokens_replaced := .tokens_replaced + 1 })
