# Meetifyr on EdgeDB: the same four kinds of records as the MySQL backend.
# Change this file, then create the next migration with
#   python -m app.backends.edgedb.migrations create
# (README, "EdgeDB"), and commit both.

module default {
    # Join order of participants, strictly increasing even for joins at the same instant.
    scalar type JoinNumber extending sequence;

    # A meeting's days: the dates of its range that fall on its weekdays (bit n of the mask
    # stands for the n-th day of the ISO week, from Monday), as rules.DateRange.days.
    function meeting_days(
        start_date: cal::local_date, end_date: cal::local_date, weekdays: int16
    ) -> set of cal::local_date using (
        with day := range_unpack(range(start_date, end_date, inc_upper := true))
        select day
        filter bit_and(<int64>weekdays, bit_lshift(1, <int64>cal::date_get(day, 'isodow') - 1)) != 0
    );

    type Meeting {
        required url_code: str {
            constraint exclusive;
        };
        required title: str {
            default := '';
        };
        required location: str {
            default := '';
        };
        start_date: cal::local_date;
        end_date: cal::local_date;
        # +1 with every change to the meeting, its participants or their days.
        required version: int64 {
            default := 1;
        };
        # access.tokens.digest of the organiser's token; none for meetings made before tokens.
        admin_token_digest: str;
        # +1 whenever a token of the meeting is replaced: the digests a process keeps of the
        # meeting hold while it is unchanged (access.guard).
        required tokens_replaced: int64 {
            default := 0;
        };
        required created_at: datetime {
            default := datetime_of_statement();
        };
        # rules.expiry: the sweep deletes the meeting from this day on.
        required expires_on: cal::local_date;
        # rules.DateRange.weekday_mask: bit n stands for schemas.WEEKDAYS[n]; all seven by default.
        required weekdays: int16 {
            default := 127;
        };
        final_date: cal::local_date;
        # The time grid (times.slots.Grid), all set or none (a days-only meeting): an IANA zone,
        # the first slot's wall time and where the slots end (minutes after midnight, 1440 for
        # 24:00), the slots' and the meeting's length in minutes.
        time_zone: str;
        day_from: int16;
        day_to: int16;
        slot_minutes: int16;
        duration_minutes: int16;
        # The start of the window the organiser chose.
        final_time: datetime;
        index on (.expires_on);
    }

    type Participant {
        required meeting: Meeting {
            on target delete delete source;
        };
        required name: str;
        required joined: JoinNumber;
        # access.tokens.digest of the participant's token; none for those from before tokens.
        token_digest: str;
        # times.answers: one character per slot of the meeting's grid, trailing "0"s left out;
        # none until first painted.
        availability: str;
        required created_at: datetime {
            default := datetime_of_statement();
        };
        # Names are unique within a meeting, ignoring case.
        constraint exclusive on ((.meeting, str_lower(.name)));
    }

    type ParticipantDate {
        required participant: Participant {
            on target delete delete source;
        };
        required date: cal::local_date;
        required enabled: bool {
            default := true;
        };
        required starred: bool {
            default := false;
        };
        constraint exclusive on ((.participant, .date));
    }

    # One entry of a meeting's change log (changes.entries), per version of the meeting.
    type MeetingChange {
        required meeting: Meeting {
            on target delete delete source;
        };
        required version: int64;
        required at: datetime {
            default := datetime_of_statement();
        };
        # "organiser", "anyone", or the id of the participant whose own token made the change.
        required actor: str;
        required kind: str;
        # The entry's `change`: the new values.
        required change: json;
        constraint exclusive on ((.meeting, .version));
    }

    # A subscription of the organiser's systems to a meeting's events (webhooks.port).
    type Webhook {
        required meeting: Meeting {
            on target delete delete source;
        };
        required url: str;
        # webhooks.events.events_mask: bit n stands for ALL_EVENTS[n].
        required events: int16;
        # webhooks.secrets: the signing secret is worked out from it and the server's key.
        required salt: str;
        required created_at: datetime {
            default := datetime_of_statement();
        };
        required disabled: bool {
            default := false;
        };
        # Delivery (webhooks.port.DueWebhook): the events of versions up to this one are
        # delivered or dropped; failed attempts at the next one; not tried again before;
        # failing since.
        required delivered_version: int64 {
            default := 0;
        };
        # Whether the meeting had a final date or time at that version (webhooks.plan).
        required final_set: bool {
            default := false;
        };
        required attempts: int64 {
            default := 0;
        };
        next_attempt_at: datetime;
        failing_since: datetime;
        # The claim of the process that delivers it now, and until when it holds.
        claimed_by: str;
        claimed_until: datetime;
    }

    # An attempt at a delivery, of the last 50 each subscription keeps (webhooks.port).
    type WebhookAttempt {
        required webhook: Webhook {
            on target delete delete source;
        };
        required at: datetime;
        required event: str;
        required message_id: str;
        # The receiver's answer, or why there was none.
        status: int16;
        error: str;
        # When the event is tried again; none: delivered, or dropped.
        next_try: datetime;
        index on ((.webhook, .at));
    }
}
