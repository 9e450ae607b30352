# Records what a claimed subscription's attempt came to and gives back the claim, only while
# $claim still holds it: the subscription, or none. Given $at, the attempt is kept too, with
# the 49 before it; older ones go.
with
    settled := (
        update Webhook
        filter .id = <uuid>$webhook_id and .claimed_by = <str>$claim
        set {
            delivered_version := <int64>$delivered_version,
            final_set := <bool>$final_set,
            attempts := <int64>$attempts,
            next_attempt_at := <optional datetime>$next_attempt_at,
            failing_since := <optional datetime>$failing_since,
            disabled := <bool>$disabled,
            claimed_by := <str>{},
            claimed_until := <datetime>{},
        }
    ),
    attempted := (select settled filter exists <optional datetime>$at),
    kept := (
        for webhook in attempted union (
            insert WebhookAttempt {
                webhook := webhook,
                at := assert_exists(<optional datetime>$at),
                event := assert_exists(<optional str>$event),
                message_id := assert_exists(<optional str>$message_id),
                status := <optional int16>$status,
                error := <optional str>$error,
                next_try := <optional datetime>$next_try,
            }
        )
    ),
    dropped := (
        delete (
            select WebhookAttempt filter .webhook in attempted order by .at desc offset 49
        )
    ),
select settled { id }
