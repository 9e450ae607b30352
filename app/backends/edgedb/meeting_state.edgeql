# A meeting's version and, unless that is the version the caller knows, its whole state, in
# one query, read as JSON: the server's JSON output costs it less than building the body's
# text in EdgeQL, and keeps the keys in the shape's order (a <json> cast would not).
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    changed := (select meeting filter .version ?!= <optional int64>$known_version),
select meeting {
    version,
    state := (
        select changed {
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
    ),
}
