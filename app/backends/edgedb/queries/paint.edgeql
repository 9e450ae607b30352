# Sets one participant's answers per slot from $before to $after, if the meeting's slots still
# follow from its range and grid as given and the answers are still $before; given $if_version,
# only a meeting at that version. Logged with $actor and $change, the entry's. The answer is
# empty when nothing changed.
with
    participant_id := <uuid>$participant_id,
    meeting := (
        update Meeting
        filter .url_code = <str>$url_code
            and .version = (<optional int64>$if_version ?? .version)
            and .start_date ?= <optional cal::local_date><optional str>$start_date
            and .end_date ?= <optional cal::local_date><optional str>$end_date
            and .weekdays = <int16>$weekdays
            and .time_zone = <str>$time_zone
            and .day_from = <int16>$day_from
            and .day_to = <int16>$day_to
            and .slot_minutes = <int16>$slot_minutes
            and exists (
                select .<meeting[is Participant]
                filter .id = participant_id and (.availability ?? '') = <str>$before
            )
        set { version := .version + 1 }
    ),
    painted := (
        update Participant
        filter .id = participant_id and .meeting = meeting
        set { availability := <str>$after }
    ),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := 'availability',
                change := <json>$change,
            }
        )
    ),
select entry { version, at, actor, kind, change, painted := count(painted) }
