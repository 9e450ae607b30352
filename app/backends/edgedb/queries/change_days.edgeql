# Changes days of one meeting (each at most once), counts every change in the meeting's version
# and logs each (`day`, the day as the change left it) at the version it made, in the order of
# $ids. Per day n: $enabled[n] and $starred[n] are 1 (true), 0 (false) or -1 (kept as it is);
# $actors[n] is "organiser", "anyone" or "participant" (the day's own). Only if every day is that
# meeting's, and it has no times: otherwise nothing changes, and `present` names those that are.
# Given $if_version, a meeting at another version is not found, and nothing changes.
#
# The changes are arrays, read by position: a set of JSON rows named again for each day would
# be read again for each day, and a batch would cost the square of its size.
with
    ids := <array<uuid>>$ids,
    enabled := <array<int16>>$enabled,
    starred := <array<int16>>$starred,
    actors := <array<str>>$actors,
    meeting := (
        select Meeting
        filter .url_code = <str>$url_code
            and .version = (<optional int64>$if_version ?? .version)
    ),
    # Asked as "one of the meeting's participants": asked as "its participant's meeting is
    # this one", PostgreSQL went from the meeting to all of its days (6 ms on one of 500
    # participants and 62 days, against 0.7).
    present := (
        select ParticipantDate
        filter .id in array_unpack(ids) and .participant in meeting.<meeting[is Participant]
    ),
    # First, so that it locks the meeting: a concurrent writer of it is run again, before it
    # could log a version this statement logs.
    counted := (
        update meeting
        # A meeting with times keeps its days unchanged, for when it has days only.
        filter count(present) = len(ids) and not exists .time_zone
        set { version := .version + len(ids) }
    ),
    updated := (
        for n in range_unpack(range(0, len(ids))) union (
            update ParticipantDate
            filter .id = ids[n] and exists counted
            set {
                enabled := .enabled if enabled[n] < 0 else enabled[n] = 1,
                starred := .starred if starred[n] < 0 else starred[n] = 1,
            }
        )
    ),
    # distinct: EdgeDB 3.6 returns each object updated in a FOR loop once per iteration.
    changed := (
        for day in (select distinct updated) union (
            with n := find(ids, day.id)
            insert MeetingChange {
                meeting := counted,
                version := counted.version - len(ids) + 1 + n,
                actor := <str>day.participant.id if actors[n] = 'participant' else actors[n],
                kind := 'day',
                change := <json>(
                    participant_id := day.participant.id,
                    participant_date_id := day.id,
                    date := day.date,
                    enabled := day.enabled,
                    starred := day.starred,
                ),
            }
        )
    ),
select {
    meeting_found := exists meeting,
    present := array_agg(present.id),
    entries := (select changed { version, at, actor, kind, change } order by .version),
}
