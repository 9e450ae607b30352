# Sets the time grid (none: days only), the final date and time, and the answers of $answers
# ([{"id": "<uuid>", "answers": str}, ...]), if the meeting is still at $at_version; logged
# with $actor and $change, the entry's. The answer is empty when nothing changed.
with
    meeting := (
        update Meeting
        filter .url_code = <str>$url_code and .version = <int64>$at_version
        set {
            time_zone := <optional str>$time_zone,
            day_from := <optional int16>$day_from,
            day_to := <optional int16>$day_to,
            slot_minutes := <optional int16>$slot_minutes,
            duration_minutes := <optional int16>$duration_minutes,
            final_date := <cal::local_date>{},
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
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := 'times',
                change := <json>$change,
            }
        )
    ),
select entry { version, at, actor, kind, change, moved := count(moved) }
