from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `webhook`
            ADD `delivered_version` INT NOT NULL DEFAULT 0 AFTER `disabled`,
            ADD `attempts` INT NOT NULL DEFAULT 0 AFTER `delivered_version`,
            ADD `next_attempt_at` DATETIME(6) AFTER `attempts`,
            ADD `failing_since` DATETIME(6) AFTER `next_attempt_at`,
            ADD `claimed_by` VARCHAR(32) AFTER `failing_since`,
            ADD `claimed_until` DATETIME(6) AFTER `claimed_by`;
        UPDATE `webhook` w JOIN `meeting` m ON m.`id` = w.`meeting_id`
            SET w.`delivered_version` = m.`version`;
        ALTER TABLE `webhook` ALTER `delivered_version` DROP DEFAULT, ALTER `attempts` DROP DEFAULT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `webhook` DROP COLUMN `delivered_version`, DROP COLUMN `attempts`,
            DROP COLUMN `next_attempt_at`, DROP COLUMN `failing_since`, DROP COLUMN `claimed_by`,
            DROP COLUMN `claimed_until`;"""


MODELS_STATE = (
    "eJztXFtz2jgU/isenpKZbIYactl9g4S22Sah07DbTjsdj7AFaDCS1xZJ2G7++0rGV1k2iA"
    "BjHD8lHJ1jS590dC468q/GjFjQ9k7vIKQIjxt/aL8aGMwg+0dsOtEawHHiBk6gYGgveRNM"
    "Q4+6wKSMPAK2BxnJgp7pIocighkVz22bE4nJGJcvDUhzjP6ZQ4OSMaQT6LKGHz8ZGWELPk"
    "Mv/OlMjRGCtpXqLLL4u326QReOT7vB9L3PyN82NExiz2c4ZnYWdEJwxI0w5dQxxNAFFPLH"
    "U3fOu897Fww0HNGypzHLsosJGQuOwNymieEOjZjWMIz7/sB46A0Mo6EAkEkwB5d11fNHP+"
    "Zd+E1/175oX7bO25eMxe9mRLl4Wb46BmYp6MNzP2i8+O2AgiWHj3EM6ty1GWoWzELbRRi4"
    "i6sJcOUIJyUFnNkARJxDVMsL9Aw8GzbEYzphP1t6Aap/d75cfex8OWrpx/yFs4X3jy3Qta"
    "v+7W1n0NPmdHQ5G7aNIcKclzC1WarTfcCt+4/hkxRPCkXUlsxI/lxEAtuZiJAQz0Ss5hHs"
    "jb1MhH52tsZMMK7jPHj9tjS+NjGB3y0FiJMyNcrroOxR4FKD7TySpXzNqHKc01IC0pxM0Q"
    "yehu0rMA82ECXId7jHFGB8zTYLAT+ILWX0kjJvGbtH6HpSBc91GBISq72Gban3u1J7DTGc"
    "pgv5yA1A5YuRrys5rGnJoiXJ/9kVzrv0G9gArT62F4HKFOA6uLnrPQw6d599r8ELvAa+en"
    "mLnvIlQurRubDlRg/Rvt4MPmr8p/a9f9/z4SUeHbv+G2O+wfcG7xOYU2Jg8mQAK+FahdQQ"
    "tdSsA2uG2GSRKcSGhcbQk8x+vsGUS29kOku2FaVt53l7DdN53s61nLxJcP84Zp7hQscGJl"
    "SJeiSS+9vMmgeymcFnBzElMWTmocCypqReaVvXwHefsY+abX2CcGqBhZdF72EGbDt3cSbl"
    "9mhi9YvdrsuWfnEeLUn+o2g1Ptx1bm+zS3LEYm1b2dlLS71ld48P1PiXYMWgOSFU26XVdo"
    "kprzFyyUxV8ZNyGyl+2XDenuJzaCjZBNClVA1nOuVgE2owt3NOobJ5EmVraNMrde76+a9N"
    "4ZXJ1xBLvIAwDlaJstOSW4iySwbygQTVISaZqJqfaY2miQMYThgCc/oEXMtItSSSLhOAxz"
    "JF6waC7z99gXZeUjp9tHflP+sA0ysv4VIPqY0ozRIj5QCXIhM5gAu9Cq7P8ZOqCtYTHE4I"
    "mb4SqK/Lp1QJJK6TRCd5WpptmukzkQIwGPtD4u/mb5KqYf4RfKynKw/iDTPmXXUe3+hgDW"
    "LqLjQy0ugEaktZzSZjTgFa8EztKNh0Tjk3gt7xicYCJM2BrhYkyE8bAsrbfrakQuBHsvgg"
    "TNT/fE3dQBeN30rpwO+63mpd6M3W+eVZ++Li7LIZ+SnZpiKvpXvzgfssKcO5usDgQE5iSl"
    "/CkUjLKx/CVPbw5dD9wtS0mpS4SgcsocD+yhH2lrzSm+vUIzTzyxGaYvJqysalgm7IX4O7"
    "BrgOWNgESPD986F/L8c3ISJuTMik2n+ajbxD3O0LoOVgpHajENKju843Ee2r235X3Gb4A7"
    "oC9KE3qFQdmRaqrWxgZTNhegbmLMbviQvRGH+CCx/qG9YpgE1ZHiZbbHtgEOdFTozsgqfI"
    "8xZWF0OAjRvS5X7bebjqXPcaL/kJkF2GYcnwXhKECdF/fgjmCIxbrYdORTu8h8YULl4X7r"
    "yVWGdnZdL+XwXvIeSvoPfwrrmO+8C4cv0Hvy1txaJlnsF4VRl6UvLNo50pRecNKrXokqmp"
    "a//yp6q6tX+bVv3V9X7qdRXgESA2dGQjKtkAB/A5x3iLclXAukiFet8GxeFTpEG3/fsPIb"
    "sYU9XhUx0+VTh8StYWScs0NjwOvd5aZWspQN/paZ8IW3GoGSK7VrgZlXtuO+YUQlr/NWLM"
    "Kec64deOeFf99crvb7ns3591gLrPAFW1dnhLVcMlVfe1b9hFy1bYIwmxIcB5d+wiKQG9IR"
    "PbFWjhYt0vaN1+/zblc3VvRKfqr7tujwWavgPGmBBNHQynr4O6ymAnpPYIdkQ5WLSTJkNp"
    "w80K1v7tav9WsIuv9HGrWYUm+rnZlVamo4KwwE3iuyVq3/J9tqcE0+ryLM2bDyNKWEhF3D"
    "HAyIOu5i08CmeeRonfAB8hw1qorgrr+k4d4tJjSZnWbt5Rf9ClXI7g3LVV8nUBewUz53pz"
    "rdQ5ZyuodMjmw5eKkcW4+PpDLFUlc7qVOzvAVsowh/wVXLIqXx1a70tC9eFNPvTVPbyxkL"
    "dJYJsUq4MthWCLOX/oEbIw1VCvdpbKVslGbLHumfmnjsz05oKbFKk/hCECiuEzNQKINrAQ"
    "EvH65mGZK8xHANn8YMlDQfZB6YqpKFzPdZnn2rQBmwPLGEoqCvJ967RUFeoJdu5gB4jNMU"
    "WSwHuFjy0K1zpVZp2qa0XqWpGS5dDLW2rfgS4yJw1J+jxoOSnKnoOYp/7W+CHp9UlBajo3"
    "OM53SPJj4irk+3by2WWuVAoIB+wVRHcnFxXYGymUHfLm33RMiNQ3HRVvOip8OGf7xuzlf+"
    "zS0Rk="
)
