# Deletes the subscription if it is the meeting's; `meeting_found` tells an unknown meeting.
with
    meeting := (select Meeting filter .url_code = <str>$url_code),
    deleted := (delete Webhook filter .id = <uuid>$webhook_id and .meeting = meeting),
select {
    meeting_found := exists meeting,
    deleted := exists deleted,
}
