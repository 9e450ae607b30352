# A meeting without its participants, and the time of its last change (the entry of its
# version in the log; none for a meeting from before the log).
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
    changed_at := assert_single(
        (select .<meeting[is MeetingChange] filter .version = Meeting.version).at
    ),
}
filter .url_code = <str>$url_code
