CREATE MIGRATION m1qnh3ieb33a34qges5mceecfry6yxvgiar7erwp62mvnuoyjddsda
    ONTO initial
{
  CREATE TYPE default::Meeting {
      CREATE REQUIRED PROPERTY created_at: std::datetime {
          SET default := (std::datetime_of_statement());
      };
      CREATE PROPERTY end_date: cal::local_date;
      CREATE REQUIRED PROPERTY location: std::str {
          SET default := '';
      };
      CREATE PROPERTY start_date: cal::local_date;
      CREATE REQUIRED PROPERTY title: std::str {
          SET default := '';
      };
      CREATE REQUIRED PROPERTY url_code: std::str {
          CREATE CONSTRAINT std::exclusive;
      };
      CREATE REQUIRED PROPERTY version: std::int64 {
          SET default := 1;
      };
  };
  CREATE SCALAR TYPE default::JoinNumber EXTENDING std::sequence;
  CREATE TYPE default::Participant {
      CREATE REQUIRED LINK meeting: default::Meeting {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY name: std::str;
      CREATE CONSTRAINT std::exclusive ON ((.meeting, std::str_lower(.name)));
      CREATE REQUIRED PROPERTY created_at: std::datetime {
          SET default := (std::datetime_of_statement());
      };
      CREATE REQUIRED PROPERTY joined: default::JoinNumber;
  };
  CREATE TYPE default::ParticipantDate {
      CREATE REQUIRED LINK participant: default::Participant {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY date: cal::local_date;
      CREATE CONSTRAINT std::exclusive ON ((.participant, .date));
      CREATE REQUIRED PROPERTY enabled: std::bool {
          SET default := true;
      };
      CREATE REQUIRED PROPERTY starred: std::bool {
          SET default := false;
      };
  };
};
