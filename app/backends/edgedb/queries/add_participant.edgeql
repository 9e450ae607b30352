# Adds a participant with one day per day of the meeting, counts it in the meeting's version
# and logs it (`joined`, by anyone, holding the participant and its days); or, when the meeting
# is unknown, has no range or has $max_participants already, changes nothing.
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    range_set := exists meeting.start_date and exists meeting.end_date,
    ready := (
        select meeting
        filter range_set and count(.<meeting[is Participant]) < <int64>$max_participants
    ),
    counted := (update ready set { version := .version + 1 }),
    participant := (
        for joined_meeting in counted union (
            insert Participant {
                meeting := joined_meeting,
                name := <str>$name,
                token_digest := <str>$token_digest,
            }
        )
    ),
    days := (
        for joining in participant union (
            for day in meeting_days(ready.start_date, ready.end_date, ready.weekdays)
            union (
                insert ParticipantDate {
                    participant := joining,
                    date := day,
                    enabled := <bool>$new_day_enabled,
                    starred := <bool>$new_day_starred,
                }
            )
        )
    ),
    entry := (
        for joining in participant union (
            insert MeetingChange {
                meeting := counted,
                version := counted.version,
                actor := 'anyone',
                kind := 'joined',
                change := <json>(
                    participant := <json>(
                        select joining {
                            id,
                            name,
                            dates := (
                                select distinct days { id, date, enabled, starred }
                                order by .date
                            ),
                        }
                    )
                ),
            }
        )
    ),
select {
    meeting_found := exists meeting,
    range_set := range_set,
    participant_id := participant.id,
    entry := entry { version, at, actor, kind, change },
}
