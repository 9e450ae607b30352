CREATE MIGRATION m1cv3ajzjvxizidx5cozeke47dfm3ix44huoislixgenjklbf2p6sq
    ONTO m1ermgfk7g26me6on7u3olc7vsrhzhnmja2exo6q2zsxtiyj3wpjna
{
  CREATE FUNCTION default::meeting_days(start_date: cal::local_date, end_date: cal::local_date, weekdays: std::int16) -> SET OF cal::local_date USING (WITH
      day := 
          std::range_unpack(std::range(start_date, end_date, inc_upper := true))
  SELECT
      day
  FILTER
      (std::bit_and(<std::int64>weekdays, std::bit_lshift(1, (<std::int64>cal::date_get(day, 'isodow') - 1))) != 0)
  );
  ALTER TYPE default::Meeting {
      CREATE REQUIRED PROPERTY expires_on: cal::local_date {
          SET REQUIRED USING (((.end_date ?? cal::to_local_date(.created_at, 'UTC')) + <cal::date_duration>'90 days'));
      };
      CREATE INDEX ON (.expires_on);
      CREATE PROPERTY final_date: cal::local_date;
      CREATE REQUIRED PROPERTY weekdays: std::int16 {
          SET default := 127;
      };
  };
};
