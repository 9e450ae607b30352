# The last 50 attempts at the subscription's deliveries, newest first; `meeting_found` and
# `webhook_found` tell an unknown meeting, and a subscription that is not the meeting's.
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    webhook := (select Webhook filter .id = <uuid>$webhook_id and .meeting = meeting),
select {
    meeting_found := exists meeting,
    webhook_found := exists webhook,
    attempts := (
        select webhook.<webhook[is WebhookAttempt] {
            at, event, message_id, status, error, next_try
        }
        order by .at desc
        limit 50
    ),
}
