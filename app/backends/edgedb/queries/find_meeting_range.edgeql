select Meeting { start_date, end_date }
filter .url_code = <str>$url_code
