# How many of the meeting's tokens were replaced; none for an unknown meeting.
select (select Meeting filter .url_code = <str>$url_code).tokens_replaced
