# Dates come as ISO text: EdgeDB 3.6 refuses 9999-12-31 as a binary date argument.
# Every participant ends up with exactly the meeting's new $days: days kept keep their flags,
# other days go, missing days are added with the defaults. The final date stays only if it is
# one of $days. Given $if_version, only a meeting at that version changes; the answer is empty
# otherwise. Without $at_version, only a days-only meeting; with it (a meeting with times), only
# at that version, and the answers of $answers ([{"id": "<uuid>", "answers": str}, ...]) and
# $final_time are set. Logged with $actor and $change, the entry's, to which the final date it
# leaves is added.
with
    days := array_unpack(<array<cal::local_date>><array<str>>$days),
    at_version := <optional int64>$at_version,
    meeting := (
        update Meeting
        filter .url_code = <str>$url_code
            and .version = (<optional int64>$if_version ?? .version)
            and (.version = at_version if exists at_version else not exists .time_zone)
        set {
            start_date := <cal::local_date><str>$start_date,
            end_date := <cal::local_date><str>$end_date,
            weekdays := <int16>$weekdays,
            expires_on := <cal::local_date><str>$expires_on,
            final_date := .final_date if .final_date in days else <cal::local_date>{},
            final_time := <optional datetime>$final_time,
            version := .version + 1,
        }
    ),
    moved := (
        for moving in json_array_unpack(<json>$answers) union (
            update Participant
            filter .id = <uuid><str>moving['id'] and .meeting = meeting
            set { availability := <str>moving['answers'] }
        )
    ),
    # The meeting's own participants' days, each compared as text with the text given: right
    # after many joins (the days' statistics out of date) this may be planned as a scan of
    # every day stored, and parsing every new day again for each of them took seconds.
    removed := (
        delete meeting.<meeting[is Participant].<participant[is ParticipantDate]
        filter <str>.date not in array_unpack(<array<str>>$days)
    ),
    added := (
        for participant in meeting.<meeting[is Participant] union (
            for day in (
                select days
                filter days not in participant.<participant[is ParticipantDate].date
            ) union (
                insert ParticipantDate {
                    participant := participant,
                    date := day,
                    enabled := <bool>$new_day_enabled,
                    starred := <bool>$new_day_starred,
                }
            )
        )
    ),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := 'date_range',
                change := <json>$change
                    ++ <json>(final_date := <json>changed.final_date ?? to_json('null')),
            }
        )
    ),
select entry {
    version, at, actor, kind, change,
    removed := count(removed), added := count(added), moved := count(moved),
}
