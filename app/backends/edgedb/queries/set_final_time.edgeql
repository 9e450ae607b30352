# Sets or takes back the final time, if the meeting's slots and windows still follow from its
# range and grid as given; given $if_version, only a meeting at that version. Logged with
# $actor and $change, the entry's. The answer is empty when nothing changed.
with
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
            and .duration_minutes = <int16>$duration_minutes
        set {
            final_time := <optional datetime>$final_time,
            version := .version + 1,
        }
    ),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := 'final_time',
                change := <json>$change,
            }
        )
    ),
select entry { version, at, actor, kind, change }
