# Writes paintings over participants' answers per slot as they are (padded to $length slots,
# trailing "no"s left out as stored), if the meeting's slots still follow from its range and
# grid as given and every participant is the meeting's; given $if_version, only a meeting at
# that version. Participant n ($participant_ids[n]) gets the pieces of $pieces whose first
# value is n, each (n, kept_from, first, run): the old answers from kept_from to first, then the
# run (one character repeated, from first on); then its old answers from $tails[n]. Each
# painting is logged, in order, with the actor and change of $logged, and counted in the
# version. The answer has no entries when nothing changed.
#
# Pieces are tuples, unpacked once: read from parallel arrays, each index and each repeat was
# a function call of its own, and a one-run painting cost 2.6 ms against 2.1.
with
    length := <int64>$length,
    participant_ids := <array<uuid>>$participant_ids,
    pieces := <array<tuple<int64, int64, int64, str>>>$pieces,
    tails := <array<int64>>$tails,
    logged := <array<tuple<str, str>>>$logged,
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
            and count(
                .<meeting[is Participant] filter .id in array_unpack(participant_ids)
            ) = len(participant_ids)
        set { version := .version + len(logged) }
    ),
    painted := (
        for n in range_unpack(range(0, len(participant_ids))) union (
            update Participant
            filter .id = participant_ids[n] and .meeting = meeting
            set {
                availability := (
                    with old := str_pad_end(Participant.availability ?? '', length, '0')
                    select str_trim_end(
                        array_join(
                            array_agg((
                                select (
                                    for piece in (
                                        select array_unpack(pieces) filter .0 = n
                                    ) union (piece.1, old[piece.1:piece.2] ++ piece.3)
                                )
                                order by .0
                            ).1),
                            '',
                        ) ++ old[tails[n]:],
                        '0',
                    )
                )
            }
        )
    ),
    entries := (
        for changed in meeting union (
            for n in range_unpack(range(0, len(logged))) union (
                insert MeetingChange {
                    meeting := changed,
                    version := changed.version - len(logged) + 1 + n,
                    actor := logged[n].0,
                    kind := 'availability',
                    change := to_json(logged[n].1),
                }
            )
        )
    ),
select {
    painted := count(painted),
    entries := (
        select (distinct entries) { version, at, actor, kind, change } order by .version
    ),
}
