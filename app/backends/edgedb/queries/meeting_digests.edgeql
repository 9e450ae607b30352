# The digest that guards the meeting's organiser changes, and how many of its tokens were
# replaced.
select Meeting { admin_token_digest, tokens_replaced } filter .url_code = <str>$url_code
