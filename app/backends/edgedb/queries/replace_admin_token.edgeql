# Gives the organiser the token with $new_digest, only while $by_digest is the organiser's, and
# counts the replacement: the meeting, or none.
update Meeting
filter .url_code = <str>$url_code and .admin_token_digest = <str>$by_digest
set {
    admin_token_digest := <str>$new_digest,
    tokens_replaced := .tokens_replaced + 1,
}
