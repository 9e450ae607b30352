from functools import lru_cache

from pydantic import Field, NonNegativeInt, PositiveInt, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration from the environment (names are case-insensitive)."""

    model_config = SettingsConfigDict(frozen=True)

    mysql_host: str = "127.0.0.1"
    mysql_port: int = 3306
    mysql_user: str = "meetifyr"
    mysql_password: str = "meetifyr"
    mysql_db: str = "meetifyr"
    mysql_pool_size: int = 10

    # Unset: the driver's own EDGEDB_* variables apply; none of them: /v1/edgedb answers 503.
    edgedb_dsn: str | None = None
    edgedb_database: str = "meetifyr"
    edgedb_pool_size: int = 10

    # How long a request waits for a database that does not answer before it is told 503.
    database_deadline_ms: PositiveInt = 1500

    @property
    def database_deadline_seconds(self) -> float:
        return self.database_deadline_ms / 1000

    # How long a process admits changes with the token digests it has read before it reads them
    # again. A token's replacement answers only after that long, so that by then no process
    # admits the token it replaced.
    token_lease_ms: PositiveInt = 1000

    @property
    def token_lease_seconds(self) -> float:
        return self.token_lease_ms / 1000

    # Longest date range a meeting may span, both ends included.
    max_range_days: int = 62
    # The most participants a meeting may have; the next join is refused with 409. At most
    # 65,535: best times count them in 16 bits (times.best.MOST_COUNTED).
    max_participants: int = Field(500, ge=1, le=65_535)
    # The most slots a meeting with times may have over all its days; a grid or range that
    # would give it more is refused with 422.
    max_slots: PositiveInt = 3000

    # Days a meeting is kept after its last day (after its creation while it has no range).
    meeting_retention_days: PositiveInt = 90
    # How often each server process deletes the meetings whose expiry date has come.
    expiry_sweep_minutes: PositiveInt = 60

    # Open event streams per server process; the next is refused with 503 and Retry-After.
    max_streams: PositiveInt = 10_000
    # How often each process looks for changes other processes made to the meetings it streams.
    events_poll_ms: PositiveInt = 100

    # Rate limits per client (the peer's address, or the one a trusted proxy forwarded); 0 turns
    # one off. Over a limit: 429 with Retry-After.
    creates_per_hour: NonNegativeInt = 30  # meetings created
    joins_per_minute: NonNegativeInt = 120  # joins (a class behind one address joins at once)
    changes_per_minute: NonNegativeInt = 600  # requests that send a token, per token
    streams_per_client: NonNegativeInt = 50  # open event streams at once
    # Empty: the counts are kept in each process. redis://host:port/db (or rediss://, unix://):
    # kept in that Redis, shared by every process that names it.
    rate_limit_storage: str = ""

    @field_validator("rate_limit_storage")
    @classmethod
    def _a_redis(cls, uri: str) -> str:
        if uri and not uri.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("RATE_LIMIT_STORAGE is a redis://, rediss:// or unix:// URI, or empty")
        return uri

    # Webhooks: the key each subscription's signing secret is worked out from (webhooks.secrets),
    # the same in every process; empty: webhooks are off (run.sh makes one in .local/).
    webhook_signing_key: SecretStr = SecretStr("")
    # For tests and private deployments only: deliveries to http:// URLs, and to hosts that
    # resolve to loopback, private, link-local or reserved addresses.
    webhook_allow_http: bool = False
    webhook_allow_private: bool = False
    # Whether this process delivers webhook events (any number of processes may, at least one
    # must), and how often it looks for events to deliver when it found none last time.
    webhook_deliveries: bool = True
    webhook_poll_ms: PositiveInt = 500
    # How long a process holds the subscriptions it claimed to deliver: longer than an attempt
    # takes (10 s at most). Events a process that died was delivering wait that long.
    webhook_claim_seconds: PositiveInt = 30

    # The origins whose web pages may call the API from a browser, comma-separated
    # (https://app.example.com,http://localhost:5173); * for any, empty for none.
    cors_origins: str = "*"

    @property
    def cors_origin_list(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
