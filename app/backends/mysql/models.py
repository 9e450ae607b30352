"""Tortoise models: the MySQL schema. Change them only together with an aerich migration."""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class BinaryCharField(fields.CharField[str]):
    """A VARCHAR compared byte for byte, where the table's collation would ignore case."""

    def __init__(self, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length, **kwargs)

    class _db_mysql:
        def __init__(self, field: "BinaryCharField") -> None:
            self.field = field

        @property
        def SQL_TYPE(self) -> str:
            return f"VARCHAR({self.field.max_length}) COLLATE utf8mb4_bin"


class Meeting(Model):
    id = fields.IntField(primary_key=True)
    url_code = BinaryCharField(max_length=32, unique=True)
    title = fields.CharField(max_length=255, default="")
    location = fields.CharField(max_length=255, default="")
    start_date = fields.DateField(null=True)
    end_date = fields.DateField(null=True)
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    # access.tokens.digest of the organiser's token; NULL for meetings made before tokens
    admin_token_digest = fields.CharField(max_length=64, null=True)
    # +1 whenever a token of the meeting is replaced: the digests a process keeps of the
    # meeting hold while it is unchanged (access.guard)
    tokens_replaced = fields.IntField(default=0)
    # rules.expiry: the sweep deletes the meeting from this day on
    expires_on = fields.DateField(db_index=True)
    # rules.DateRange.weekday_mask: bit n stands for schemas.WEEKDAYS[n]; all seven by default
    weekdays = fields.SmallIntField(default=0b1111111)
    final_date = fields.DateField(null=True)
    # The time grid (times.slots.Grid), all set or all NULL (a days-only meeting): an IANA
    # zone, the first slot's wall time and where the slots end (minutes after midnight, 1440
    # for 24:00), the slots' and the meeting's length in minutes.
    time_zone = fields.CharField(max_length=64, null=True)
    day_from = fields.SmallIntField(null=True)
    day_to = fields.SmallIntField(null=True)
    slot_minutes = fields.SmallIntField(null=True)
    duration_minutes = fields.SmallIntField(null=True)
    # The start of the window the organiser chose, in UTC.
    final_time = fields.DatetimeField(null=True)

    class Meta:
        table = "meeting"


class Participant(Model):
    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="participants", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    # rules.name_key(name): names are unique per meeting in this form
    name_key = BinaryCharField(max_length=100)
    created_at = fields.DatetimeField(auto_now_add=True)
    # access.tokens.digest of the participant's token; NULL for participants from before tokens
    token_digest = fields.CharField(max_length=64, null=True)
    # times.answers: one character per slot of the meeting's grid, trailing "0"s left out;
    # NULL until first painted.
    availability = fields.TextField(null=True)

    class Meta:
        table = "participant"
        unique_together = (("meeting", "name_key"),)


class ParticipantDate(Model):
    id = fields.IntField(primary_key=True)
    participant: fields.ForeignKeyRelation[Participant] = fields.ForeignKeyField(
        "models.Participant", related_name="dates", on_delete=fields.CASCADE
    )
    date = fields.DateField()
    enabled = fields.BooleanField(default=True)
    starred = fields.BooleanField(default=False)

    class Meta:
        table = "participant_date"
        unique_together = (("participant", "date"),)
        # Holds all a state read needs of a day (with the primary key every index has), so
        # reading a meeting's days and counting them never visits the table's rows.
        indexes = (("participant", "date", "enabled", "starred"),)


class MeetingChange(Model):
    """An entry of the change log of a meeting (changes.entries), one per version."""

    id = fields.BigIntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="changes", on_delete=fields.CASCADE
    )
    version = fields.IntField()
    at = fields.DatetimeField()
    # "organiser", "anyone", or the id of the participant whose own token made the change
    actor = fields.CharField(max_length=20)
    kind = fields.CharField(max_length=20)
    # the entry's `change`: the new values
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()

    class Meta:
        table = "meeting_change"
        unique_together = (("meeting", "version"),)


class Webhook(Model):
    """A subscription of the organiser systems to the events of a meeting (webhooks.port)."""

    id = fields.IntField(primary_key=True)
    meeting: fields.ForeignKeyRelation[Meeting] = fields.ForeignKeyField(
        "models.Meeting", related_name="webhooks", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=2000)
    # webhooks.events.events_mask: bit n stands for ALL_EVENTS[n]
    events = fields.SmallIntField()
    # webhooks.secrets: the signing secret is worked out from it and the server's key
    salt = fields.CharField(max_length=32)
    created_at = fields.DatetimeField(auto_now_add=True)
    disabled = fields.BooleanField(default=False)
    # Delivery (webhooks.port.DueWebhook): the events of versions up to this one are delivered
    # or dropped; failed attempts at the next one; not tried again before; failing since
    delivered_version = fields.IntField()
    # whether the meeting had a final date or time at that version (webhooks.plan)
    final_set = fields.BooleanField()
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    failing_since = fields.DatetimeField(null=True)
    # The claim of the process that delivers it now, and until when it holds
    claimed_by = fields.CharField(max_length=32, null=True)
    claimed_until = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook"


class WebhookAttempt(Model):
    """An attempt at a delivery, of the last 50 each subscription keeps (webhooks.port)."""

    id = fields.BigIntField(primary_key=True)
    webhook: fields.ForeignKeyRelation[Webhook] = fields.ForeignKeyField(
        "models.Webhook", related_name="attempts_made", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    event = fields.CharField(max_length=32)
    message_id = fields.CharField(max_length=100)
    # The receiver's answer, or why there was none
    status = fields.SmallIntField(null=True)
    error = fields.CharField(max_length=500, null=True)
    # When the event is tried again; NULL: delivered, or dropped
    next_try = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_attempt"
