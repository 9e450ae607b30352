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
    time_zone,
    duration_minutes,
    final_time,
}
filter .url_code = <str>$url_code
