CREATE MIGRATION m1ermgfk7g26me6on7u3olc7vsrhzhnmja2exo6q2zsxtiyj3wpjna
    ONTO m1qnh3ieb33a34qges5mceecfry6yxvgiar7erwp62mvnuoyjddsda
{
  ALTER TYPE default::Meeting {
      CREATE PROPERTY admin_token_digest: std::str;
  };
  ALTER TYPE default::Participant {
      CREATE PROPERTY token_digest: std::str;
  };
};
