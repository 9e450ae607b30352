# Adds several participants, to one meeting or several, in one statement: each with one day per
# day of its meeting; each meeting's version grows by the participants it gained, each logged
# (`joined`, by anyone) at the version it made: the meeting's before, plus its place among the
# meeting's joins of this statement.
# $joins: [{"url_code": str, "name": str, "token_digest": str, "ahead": int,
# "max_participants": int}, ...], no two with one name in one meeting; "ahead" counts the requests
# before this one for the same meeting, which this statement adds too.
# Requests whose meeting is unknown, has no range, or has max_participants with those ahead add
# nothing. It answers with each participant it added and each meeting's entries.
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
    # distinct: EdgeDB 3.6 returns what a FOR loop inserted once per iteration. Each entry is
    # made from the meeting as `counted` left it, so that the meeting is locked first: a
    # concurrent writer of it is run again, before it could log a version this statement logs.
    entries := (
        for participant in (select distinct joined) union (
            with
                joined_meeting := assert_single((select counted filter counted = participant.meeting)),
                gained := count(distinct (select joined filter .meeting = joined_meeting)),
                ahead := (
                    select joined
                    filter .meeting = joined_meeting and .joined < participant.joined
                ),
                mine := (select days filter .participant = participant),
            insert MeetingChange {
                meeting := joined_meeting,
                version := joined_meeting.version - gained + 1 + count(distinct ahead),
                actor := 'anyone',
                kind := 'joined',
                change := <json>(
                    participant := <json>(
                        select participant {
                            id,
                            name,
                            dates := (
                                select distinct mine { id, date, enabled, starred }
                                order by .date
                            ),
                        }
                    )
                ),
            }
        )
    ),
select {
    participants := (
        select distinct joined { id, name, url_code := .meeting.url_code }
    ),
    entries := (
        select distinct entries {
            version, at, actor, kind, change, url_code := .meeting.url_code
        }
    ),
}
