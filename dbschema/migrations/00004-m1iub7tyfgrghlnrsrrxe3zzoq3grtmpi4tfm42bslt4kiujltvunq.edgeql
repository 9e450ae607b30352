CREATE MIGRATION m1iub7tyfgrghlnrsrrxe3zzoq3grtmpi4tfm42bslt4kiujltvunq
    ONTO m1cv3ajzjvxizidx5cozeke47dfm3ix44huoislixgenjklbf2p6sq
{
  CREATE TYPE default::MeetingChange {
      CREATE REQUIRED LINK meeting: default::Meeting {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY version: std::int64;
      CREATE CONSTRAINT std::exclusive ON ((.meeting, .version));
      CREATE REQUIRED PROPERTY actor: std::str;
      CREATE REQUIRED PROPERTY at: std::datetime {
          SET default := (std::datetime_of_statement());
      };
      CREATE REQUIRED PROPERTY change: std::json;
      CREATE REQUIRED PROPERTY kind: std::str;
  };
};
