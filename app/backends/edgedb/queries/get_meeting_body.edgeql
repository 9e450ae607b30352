# The whole state of one meeting as the exact bytes of its MeetingState JSON (compact,
# participants in join order, days by date), and the tally of its available days. Strings are
# quoted by the server's JSON; names and texts hold no control characters (schemas), the only
# characters it could write differently from pydantic.
with meeting := (select Meeting filter .url_code = <str>$url_code)
select meeting {
    version,
    body := (
        '{"url_code":' ++ to_str(<json>.url_code)
        ++ ',"title":' ++ to_str(<json>.title)
        ++ ',"location":' ++ to_str(<json>.location)
        ++ ',"start_date":' ++ (('"' ++ <str>.start_date ++ '"') ?? 'null')
        ++ ',"end_date":' ++ (('"' ++ <str>.end_date ++ '"') ?? 'null')
        ++ ',"version":' ++ <str>.version
        ++ ',"participants":[' ++ array_join(array_agg((
            for participant in (select .<meeting[is Participant] order by .joined) union (
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
    ),
    days := (
        for day in (
            group (select ParticipantDate filter .participant.meeting = meeting and .enabled)
            by .date
        ) union (
            date := day.key.date,
            available := count(day.elements),
            stars := count(day.elements filter .starred),
        )
    ),
}
