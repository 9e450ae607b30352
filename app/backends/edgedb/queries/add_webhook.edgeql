# Adds a subscription to the meeting unless it has $most already; `webhook` is empty then, and
# when the meeting is unknown.
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    room := (select meeting filter count(.<meeting[is Webhook]) < <int64>$most),
    webhook := (
        for subscribed in room union (
            insert Webhook {
                meeting := subscribed,
                url := <str>$url,
                events := <int16>$events,
                salt := <str>$salt,
                # Only what happens from now on is delivered.
                delivered_version := subscribed.version,
                final_set := exists subscribed.final_date or exists subscribed.final_time,
            }
        )
    ),
select {
    meeting_found := exists meeting,
    webhook := webhook { id, url, events, salt, created_at, disabled },
}
