# Writes a painting over one participant's answers per slot as they are (padded to $length
# slots, trailing "no"s left out as stored), if the meeting's slots still follow from its range
# and grid as given; given $if_version, only a meeting at that version. The painting comes as
# $pieces (kept_from, first, run): for each, the old answers from kept_from to first, then the
# run (one character repeated, from first on); then the old answers from $tail. Logged with
# $actor and $change, the entry's. The answer is empty when nothing changed.
#
# Pieces are tuples, unpacked once: read from parallel arrays, each index and each repeat was
# a function call of its own, and a one-run painting cost 2.6 ms against 1.6.
with
    participant_id := <uuid>$participant_id,
    length := <int64>$length,
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
            and participant_id in .<meeting[is Participant].id
        set { version := .version + 1 }
    ),
    painted := (
        update Participant
        filter .id = participant_id and .meeting = meeting
        set {
            availability := (
                with old := str_pad_end(Participant.availability ?? '', length, '0')
                select str_trim_end(
                    array_join(
                        array_agg((
                            select (
                                for piece in array_unpack(
                                    <array<tuple<int64, int64, str>>>$pieces
                                ) union (piece.0, old[piece.0:piece.1] ++ piece.2)
                            )
                            order by .0
                        ).1),
                        '',
                    ) ++ old[<int64>$tail:],
                    '0',
                )
            )
        }
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
