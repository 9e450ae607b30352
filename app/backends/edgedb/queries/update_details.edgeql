# Only the meeting itself changes, so its fresh state comes back in the same statement.
# Given $if_version, only a meeting at that version changes; the answer is empty otherwise.
select (
    update Meeting
    filter .url_code = <str>$url_code and .version = (<optional int64>$if_version ?? .version)
    set {
        title := <optional str>$title ?? .title,
        location := <optional str>$location ?? .location,
        version := .version + 1,
    }
) {
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
