CREATE MIGRATION m16np6a2pvhconj6meoqe6mcn6jtpzbamwf7ijvmwrqwcanhzm7hlq
    ONTO m1ncsv7ob4xberrjhhwdkkcqqwxf5mapdnr4xgja4jve7c5upmnskq
{
  CREATE TYPE default::Webhook {
      CREATE REQUIRED LINK meeting: default::Meeting {
          ON TARGET DELETE DELETE SOURCE;
      };
      CREATE REQUIRED PROPERTY created_at: std::datetime {
          SET default := (std::datetime_of_statement());
      };
      CREATE REQUIRED PROPERTY disabled: std::bool {
          SET default := false;
      };
      CREATE REQUIRED PROPERTY events: std::int16;
      CREATE REQUIRED PROPERTY salt: std::str;
      CREATE REQUIRED PROPERTY url: std::str;
  };
};
