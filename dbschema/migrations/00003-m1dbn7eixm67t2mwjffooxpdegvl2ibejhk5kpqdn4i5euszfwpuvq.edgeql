CREATE MIGRATION m1dbn7eixm67t2mwjffooxpdegvl2ibejhk5kpqdn4i5euszfwpuvq
    ONTO m1ermgfk7g26me6on7u3olc7vsrhzhnmja2exo6q2zsxtiyj3wpjna
{
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
