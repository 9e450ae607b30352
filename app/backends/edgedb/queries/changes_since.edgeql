# The meeting's version and the first $limit entries of its log after version $after.
select Meeting {
    version,
    entries := (
        select .<meeting[is MeetingChange] { version, at, actor, kind, change }
        filter .version > <int64>$after
        order by .version
        limit <int64>$limit
    ),
}
filter .url_code = <str>$url_code
