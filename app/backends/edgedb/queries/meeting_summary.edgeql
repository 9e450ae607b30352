# A meeting without its participants.
select Meeting {
    url_code,
    title,
    location,
    start_date,
    end_date,
    weekdays,
    final_date,
    created_at,
    version,
}
filter .url_code = <str>$url_code
