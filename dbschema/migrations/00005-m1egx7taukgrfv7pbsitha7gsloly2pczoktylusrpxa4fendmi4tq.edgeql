CREATE MIGRATION m1egx7taukgrfv7pbsitha7gsloly2pczoktylusrpxa4fendmi4tq
    ONTO m1iub7tyfgrghlnrsrrxe3zzoq3grtmpi4tfm42bslt4kiujltvunq
{
  ALTER TYPE default::Meeting {
      CREATE PROPERTY day_from: std::int16;
      CREATE PROPERTY day_to: std::int16;
      CREATE PROPERTY duration_minutes: std::int16;
      CREATE PROPERTY final_time: std::datetime;
      CREATE PROPERTY slot_minutes: std::int16;
      CREATE PROPERTY time_zone: std::str;
  };
  ALTER TYPE default::Participant {
      CREATE PROPERTY availability: std::str;
  };
};
