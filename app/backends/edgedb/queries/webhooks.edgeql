# The meeting's subscriptions, oldest first; `meeting_found` tells an unknown meeting.
with meeting := (select Meeting filter .url_code = <str>$url_code)
select {
    meeting_found := exists meeting,
    webhooks := (
        select meeting.<meeting[is Webhook] { id, url, events, salt, created_at, disabled }
        order by .created_at then .id
    ),
}
