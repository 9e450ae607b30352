from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `participant_date` ADD INDEX `idx_participant_partici_d1ed05` (`participant_id`, `date`, `enabled`, `starred`);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `participant_date` DROP INDEX `idx_participant_partici_d1ed05`;"""


MODELS_STATE = (
    "eJztWm1z2jgQ/isef0pnep2G0DRz34CQKdcAnYT2btrJaIQtjAZbdm35UqbHfz+t/C7bBP"
    "eAg4RPwGrXWj2Sdp9d81N3XJPYwZshIZwyS/9d+6kz7BDxRR16renY87IBEHA8tSPdnNI0"
    "4D42uBDPsB0QITJJYPjU49RlQspC2wahawjFaNJYFDL6PSSIuxbhc+KLgW8PQkyZSX6QIP"
    "npLdCMEtssOEtNmFvKEV96UjZg/EYqwmxTZLh26LBM2VvyuctSbco4SC3CiI85gcdzPwT3"
    "wbt4ocmKIk8zlcjFnI1JZji0eW65U5TJdIRG4wm6708Q0hsAZLgMwBWuBnL1FrjwW+u8/b"
    "59dXHZvhIq0s1U8n4VTZ0BExlKeEYTfSXHMceRhsQ4AzX0bYGaScrQdinD/rI3x341wnlL"
    "BWexABXnBNXDBdrBP5BNmMXn4udFaw2qXzp3vQ+du7OL1iuY0FkG321FrvXGt7edSV8L+e"
    "zKmbbRlDLQdcW1ia7TKNZuycfAJmWbwim3K3akfi9Sg+1sRCLIdiK75ins+l42ovXu3QY7"
    "IbRe1cErx4r42q6BpVsNIM7bnFDeBOWAY58jEXkqjvK1kFbjXLRSkAYxpw55k4w/gXkcQB"
    "pBvsMYswbjaxEsFPwIMxujl7d5ydj9Tfyg8oLXEoacxdOsYVvX+/ygWUMGp+ETWDnCvPow"
    "wrmqhrVoue5Iwpdd4bxL3iAWaI6ZvYyvzBpcJ4Nh/37SGX6SrCGIWQOcXhhpFbhEIj27VE"
    "Ju+hDtz8HkgwY/ta/jUV/C6wbc8uWMmd7kqw4+4ZC7iLmPCJs5apVIE9QKu45Nh4rNcheE"
    "IZNaJKjY/fqEWW39S6nzwEJRMXdetjdInZft2swJQ6sVVD2zRY6ig2CKjcUj9k1UGMk2yB"
    "OpkhrUw+BYmcDH1jcf74hdx13iCvBT9qQjvIOr5Owl0uQuAohuy62DtTzktBxVghm25JJg"
    "bpipArKKmlpBtL6u9hTFrdbW3/JlO3iIFmSpP5xK7v+x5JafDQJpor+/qmNvsfP87dsNgq"
    "fQqo2ecqxIVtJjXo6IT7Q08pYvHu1SWwMGmvQ1KrbmxCNfIo/8VQZ54o6bccc81nG6R40y"
    "d9Fof+XvgSfxEicvwVzG+Mb1CbXYR7KUUA+EU5gZVfm7/O7lyCCuY91C7OPHlE0qp0sgIN"
    "ZNeHT3O/e9znVfX21S7UBw316Zc71ZF+xYQN9XqSNhW1/uJMhuVPKk3cpt1z1KWSWnUeue"
    "aq3X0EYFV+V5hX60L74+nIqkfRZJTRvfW2p6H+h13/iNQXpslRjpujbBrO6dQWqloDcVZr"
    "sCLTms+wWtOx7fFlhzdzBRyNXnYbcvih3JuYQSjTJVuSeeBIZmYOes9gh2KjlatPMpo1HA"
    "LRue+O3T/FbJi/+R4z7P7rLKc8snrSnX3SWH6xCfGvMq6haPrGVsONM5/ffrmO74Oo5V+5"
    "K8viVT/5b8OTRId/I3GLhUDRCO1Z8hujtp9osZOalKUn/cj0c1reTMRK0WqMG1fzSbBkec"
    "p6rABTAKRCzB9GzY+UuFu3c77qpdYHhAt9lr6u0ns9W/mkheXQ=="
)
