# A meeting's version and, unless that is the version the caller knows, its whole state as the
# exact bytes of its MeetingState JSON (compact, participants in join order, days by date).
# Strings are quoted by the server's JSON; names and texts hold no control characters
# (schemas), the only characters it could write differently from pydantic.
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    changed := (select meeting filter .version ?!= <optional int64>$known_version),
select meeting {
    version,
    body := (
        for m in changed union (
            '{"url_code":' ++ to_str(<json>m.url_code)
            ++ ',"title":' ++ to_str(<json>m.title)
            ++ ',"location":' ++ to_str(<json>m.location)
            ++ ',"start_date":' ++ (('"' ++ <str>m.start_date ++ '"') ?? 'null')
            ++ ',"end_date":' ++ (('"' ++ <str>m.end_date ++ '"') ?? 'null')
            ++ ',"version":' ++ <str>m.version
            ++ ',"participants":[' ++ array_join(array_agg((
                for participant in (select m.<meeting[is Participant] order by .joined) union (
                    '{"id":"' ++ <str>participant.id
                    ++ '","name":' ++ to_str(<json>participant.name)
                    ++ ',"dates":[' ++ array_join(array_agg((
                        for day in (
                            select participant.<participant[is ParticipantDate] order by .date
                        ) union (
                            '{"id":"' ++ <str>day.id ++ '","date":"' ++ <str>day.date
                            ++ ('","enabled":true' if day.enabled else '","enabled":false')
                            ++ (',"starred":true}' if day.starred else ',"starred":false}')
                        )
                    )), ',') ++ ']}'
                )
            )), ',') ++ ']}'
        )
    ),
}
