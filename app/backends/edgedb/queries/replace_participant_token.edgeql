# Gives the participant the token with $new_digest, only while $by_digest is the participant's
# or the organiser's: the participant replaced, or none.
update Participant
filter .id = <uuid>$participant_id and .meeting.url_code = <str>$url_code
    and <str>$by_digest in {.token_digest, .meeting.admin_token_digest}
set { token_digest := <str>$new_digest }
