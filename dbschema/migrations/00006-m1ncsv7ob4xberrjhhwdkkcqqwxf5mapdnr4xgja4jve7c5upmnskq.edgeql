CREATE MIGRATION m1ncsv7ob4xberrjhhwdkkcqqwxf5mapdnr4xgja4jve7c5upmnskq
    ONTO m1egx7taukgrfv7pbsitha7gsloly2pczoktylusrpxa4fendmi4tq
{
  ALTER TYPE default::Meeting {
      CREATE REQUIRED PROPERTY tokens_replaced: std::int64 {
          SET default := 0;
      };
  };
};
