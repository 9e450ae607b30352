# Adds a participant with one day per day of the meeting and counts it in the
# meeting's version; or, when the meeting is unknown, has no range or has $max_participants
# already, changes nothing.
# It answers with the meeting as this statement found it (objects it inserts and the version
# it sets are not part of that), the version it set and the participant it added: together,
# the state right after the change. The meeting is read through `ready`, not through the
# update: PostgreSQL then finds its participants by index, in half the time of the whole join.
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
select {
    meeting_found := exists meeting,
    range_set := range_set,
    version := counted.version,
    meeting := ready {
        url_code,
        title,
        location,
        start_date,
        end_date,
        weekdays,
        final_date,
        expires_on,
        version,
        participants := (
            select .<meeting[is Participant] {
                id,
                name,
                dates := (
                    select .<participant[is ParticipantDate] { id, date, enabled, starred }
                    order by .date
                ),
            }
            order by .joined
        ),
    },
    participant := participant {
        id,
        name,
        dates := (select distinct days { id, date, enabled, starred } order by .date),
    },
}
