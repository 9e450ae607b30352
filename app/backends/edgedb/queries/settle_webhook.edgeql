# Records what a claimed subscription's attempt came to and gives back the claim, only while
# $claim still holds it: the subscription, or none.
update Webhook
filter .id = <uuid>$webhook_id and .claimed_by = <str>$claim
set {
    delivered_version := <int64>$delivered_version,
    attempts := <int64>$attempts,
    next_attempt_at := <optional datetime>$next_attempt_at,
    failing_since := <optional datetime>$failing_since,
    disabled := <bool>$disabled,
    claimed_by := <str>{},
    claimed_until := <datetime>{},
}
