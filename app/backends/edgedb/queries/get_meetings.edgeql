# The whole state of several meetings, in one query.
select Meeting {
    url_code,
    title,
    location,
    start_date,
    end_date,
    weekdays,
    final_date,
    expires_on,
    version,
    participants := (
        select .<meeting[is Participant] {
            id,
            name,
            dates := (
                select .<participant[is ParticipantDate] { id, date, enabled, starred }
                order by .date
            ),
        }
        order by .joined
    ),
}
filter .url_code in array_unpack(<array<str>>$url_codes)
