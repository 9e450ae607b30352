# Sets the title or the location, whichever is given, and logs the change ($kind, $change and
# $actor: the entry's). Given $if_version, only a meeting at that version changes; the answer is
# empty otherwise.
with
    meeting := (
        update Meeting
        filter .url_code = <str>$url_code and .version = (<optional int64>$if_version ?? .version)
        set {
            title := <optional str>$title ?? .title,
            location := <optional str>$location ?? .location,
            version := .version + 1,
        }
    ),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed,
                version := changed.version,
                actor := <str>$actor,
                kind := <str>$kind,
                change := <json>$change,
            }
        )
    ),
select entry { version, at, actor, kind, change }
