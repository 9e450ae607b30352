# Dates come as ISO text: EdgeDB 3.6 refuses 9999-12-31 as a binary date argument.
# Sets or clears the final date, and logs it ($change and $actor: the entry's). Given the range a
# date was checked against ($start_date, $end_date, $weekdays), only while the meeting has that
# range; given $if_version, only a meeting at that version; never one with times. The answer is empty when nothing
# changed.
with
    meeting := (
        update Meeting
        filter .url_code = <str>$url_code
            and .version = (<optional int64>$if_version ?? .version)
            # A meeting with times settles on a final time instead.
            and not exists .time_zone
            and (
                not exists <optional str>$start_date
                or (
                    .start_date ?= <optional cal::local_date><optional str>$start_date
                    and .end_date ?= <optional cal::local_date><optional str>$end_date
                    and .weekdays ?= <optional int16>$weekdays
                )
            )
        set {
            final_date := <optional cal::local_date><optional str>$final_date,
            version := .version + 1,
        }
    ),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := 'final_date',
                change := <json>$change,
            }
        )
    ),
select entry { version, at, actor, kind, change }
