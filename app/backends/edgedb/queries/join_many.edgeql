# Adds several participants, to one meeting or several, in one statement: each with one day per
# day of its meeting; each meeting's version grows by the participants it gained.
# $joins: [{"url_code": str, "name": str, "token_digest": str, "ahead": int,
# "max_participants": int}, ...], no two with one name in one meeting; "ahead" counts the requests
# before this one for the same meeting, which this statement adds too.
# Requests whose meeting is unknown, has no range, or has max_participants with those ahead add
# nothing. It answers with each participant it added, its days, and its meeting's version before
# this statement.
with
    joins := json_array_unpack(<json>$joins),
    joined := (
        for request in joins union (
            for meeting in (
                select Meeting
                filter .url_code = <str>request['url_code']
                    and exists .start_date and exists .end_date
                    and count(.<meeting[is Participant]) + <int64>request['ahead']
                        < <int64>request['max_participants']
            ) union (
                insert Participant {
                    meeting := meeting,
                    name := <str>request['name'],
                    token_digest := <str>request['token_digest'],
                }
            )
        )
    ),
    days := (
        for participant in (select distinct joined) union (
            for day in meeting_days(
                participant.meeting.start_date,
                participant.meeting.end_date,
                participant.meeting.weekdays,
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
    counted := (
        for meeting in (select distinct joined.meeting) union (
            update meeting set {
                version := .version + count(distinct (select joined filter .meeting = meeting))
            }
        )
    ),
# distinct: EdgeDB 3.6 returns what a FOR loop inserted once per iteration. Each meeting's version
# is as this statement found it: before the participants it added.
select {
    participants := (
        select distinct joined {
            id,
            name,
            joined,
            url_code := .meeting.url_code,
            version_before := .meeting.version,
        }
    ),
    days := (
        select distinct days { id, date, enabled, starred, participant_id := .participant.id }
    ),
}
