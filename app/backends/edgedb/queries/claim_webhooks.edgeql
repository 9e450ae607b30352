# Claims for $claim, until $until, up to $limit subscriptions with something to deliver now:
# their meeting is past the version they delivered, they are not disabled, no attempt is due
# later, and no claim holds them. Concurrent claims conflict and are run again, so that none
# claims what another did.
with
    due := (
        select Webhook
        filter not .disabled
            and .meeting.version > .delivered_version
            and (.next_attempt_at ?? <datetime>$now) <= <datetime>$now
            and (.claimed_until ?? <datetime>$now) <= <datetime>$now
        order by .id
        limit <int64>$limit
    ),
    claimed := (
        update due set { claimed_by := <str>$claim, claimed_until := <datetime>$until }
    ),
select claimed {
    id,
    url_code := .meeting.url_code,
    url,
    events,
    salt,
    created_at,
    disabled,
    delivered_version,
    final_set,
    attempts,
    failing_since,
}
