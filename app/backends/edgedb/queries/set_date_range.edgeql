# Every participant ends up with exactly the days of the new range: days kept keep their
# flags, days outside go, missing days are added with the defaults. Given $if_version, only a
# meeting at that version changes; the answer is empty otherwise.
with
    meeting := (
        update Meeting
        filter .url_code = <str>$url_code
            and .version = (<optional int64>$if_version ?? .version)
        set {
            start_date := <cal::local_date>$start_date,
            end_date := <cal::local_date>$end_date,
            version := .version + 1,
        }
    ),
    removed := (
        delete ParticipantDate
        filter .participant.meeting = meeting
            and (.date < <cal::local_date>$start_date or .date > <cal::local_date>$end_date)
    ),
    added := (
        for participant in meeting.<meeting[is Participant] union (
            for day in (
                with day := array_unpack(<array<cal::local_date>>$days)
                select day
                filter day not in participant.<participant[is ParticipantDate].date
            ) union (
                insert ParticipantDate {
                    participant := participant,
                    date := day,
                    enabled := <bool>$new_day_enabled,
                    starred := <bool>$new_day_starred,
                }
            )
        )
    ),
select meeting { removed := count(removed), added := count(added) }
