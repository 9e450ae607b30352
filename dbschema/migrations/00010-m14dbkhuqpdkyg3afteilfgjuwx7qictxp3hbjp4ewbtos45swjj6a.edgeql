CREATE MIGRATION m14dbkhuqpdkyg3afteilfgjuwx7qictxp3hbjp4ewbtos45swjj6a
    ONTO m1xrbeyupepjsmvxh3zvsh2spzds7sgtwei4sch7j5bnfxkzhiliga
{
  ALTER TYPE default::Webhook {
      CREATE REQUIRED PROPERTY final_set: std::bool {
          SET default := false;
      };
  };
};
