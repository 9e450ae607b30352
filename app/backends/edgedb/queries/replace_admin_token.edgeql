# Gives the organiser the token with $new_digest, only while $by_digest is the organiser's: the
# meeting, or none.
update Meeting
filter .url_code = <str>$url_code and .admin_token_digest = <str>$by_digest
set { admin_token_digest := <str>$new_digest }
