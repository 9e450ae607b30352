# Only the meeting itself changes, so its fresh state comes back in the same statement.
select (
    update Meeting
    filter .url_code = <str>$url_code
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
