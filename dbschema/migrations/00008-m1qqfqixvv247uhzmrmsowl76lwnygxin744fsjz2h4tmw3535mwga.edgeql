CREATE MIGRATION m1qqfqixvv247uhzmrmsowl76lwnygxin744fsjz2h4tmw3535mwga
    ONTO m16np6a2pvhconj6meoqe6mcn6jtpzbamwf7ijvmwrqwcanhzm7hlq
{
  ALTER TYPE default::Webhook {
      CREATE REQUIRED PROPERTY attempts: std::int64 {
          SET default := 0;
      };
      CREATE PROPERTY claimed_by: std::str;
      CREATE PROPERTY claimed_until: std::datetime;
      CREATE REQUIRED PROPERTY delivered_version: std::int64 {
          SET default := 0;
      };
      CREATE PROPERTY failing_since: std::datetime;
      CREATE PROPERTY next_attempt_at: std::datetime;
  };
};
