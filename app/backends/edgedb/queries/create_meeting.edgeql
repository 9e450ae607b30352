# Dates come as ISO text: EdgeDB 3.6 refuses 9999-12-31 as a binary date argument.
# The meeting, at version 1, and its log's first entry ($change: its `created` values).
with
    meeting := (
        insert Meeting {
            url_code := <str>$url_code,
            title := <str>$title,
            location := <str>$location,
            start_date := <optional cal::local_date><optional str>$start_date,
            end_date := <optional cal::local_date><optional str>$end_date,
            admin_token_digest := <str>$admin_token_digest,
            weekdays := <int16>$weekdays,
            expires_on := <cal::local_date><str>$expires_on,
        }
    ),
    entry := (
        insert MeetingChange {
            meeting := meeting,
            version := 1,
            actor := 'organiser',
            kind := 'created',
            change := <json>$change,
        }
    ),
select entry { version, at, actor, kind, change }
