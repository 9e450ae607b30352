CREATE MIGRATION m1xrbeyupepjsmvxh3zvsh2spzds7sgtwei4sch7j5bnfxkzhiliga
    ONTO m1qqfqixvv247uhzmrmsowl76lwnygxin744fsjz2h4tmw3535mwga
{
  CREATE TYPE default::WebhookAttempt {
      CREATE REQUIRED LINK webhook: default::Webhook {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY at: std::datetime;
      CREATE INDEX ON ((.webhook, .at));
      CREATE PROPERTY error: std::str;
      CREATE REQUIRED PROPERTY event: std::str;
      CREATE REQUIRED PROPERTY message_id: std::str;
      CREATE PROPERTY next_try: std::datetime;
      CREATE PROPERTY status: std::int16;
  };
};
