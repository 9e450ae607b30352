# A meeting's version and, unless that is the version the caller knows, its whole state as
# JSON, in one query. The server's JSON output costs it less than building the text by hand;
# being jsonb, it orders each object's keys by length, which leaves only the meeting's own keys
# to put back in a MeetingState's order.
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    changed := (select meeting filter .version ?!= <optional int64>$known_version),
select meeting {
    version,
    state := <json>(
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
