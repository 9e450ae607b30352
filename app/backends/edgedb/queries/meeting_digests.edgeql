# The digest that guards the meeting's organiser changes.
select Meeting { admin_token_digest } filter .url_code = <str>$url_code
