# The whole state of one meeting: its own columns, and its participants already written as the
# JSON a MeetingState body holds (compact, in join order, days by date). The server builds those
# bytes: cheaper for it than its JSON output of the nested shape, and Python need not parse
# and write them again. Names hold no control characters (schemas), the only characters the
# server's JSON strings and pydantic's could write differently.
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
    time_zone,
    day_from,
    day_to,
    slot_minutes,
    duration_minutes,
    final_time_seconds := <int64>datetime_get(.final_time, 'epochseconds'),
    participants_json := array_join(array_agg((
        with participant := .<meeting[is Participant]
        select '{"id":"' ++ <str>participant.id
            ++ '","name":' ++ to_str(<json>participant.name)
            ++ ',"dates":[' ++ array_join(array_agg((
                with day := participant.<participant[is ParticipantDate]
                select '{"id":"' ++ <str>day.id ++ '","date":"' ++ <str>day.date
                    ++ '","enabled":' ++ <str>day.enabled
                    ++ ',"starred":' ++ <str>day.starred ++ '}'
                order by day.date
            )), ',') ++ '],"availability":'
            # A days-only meeting has none; one with times, the stored answers.
            ++ ('null' if not exists participant.meeting.time_zone
                else to_str(<json>(participant.availability ?? ''))) ++ '}'
        order by participant.joined
    )), ','),
}
filter .url_code = <str>$url_code
