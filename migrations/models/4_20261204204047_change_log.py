from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `meeting_change` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `version` INT NOT NULL,
    `at` DATETIME(6) NOT NULL,
    `actor` VARCHAR(20) NOT NULL,
    `kind` VARCHAR(20) NOT NULL,
    `payload` JSON NOT NULL,
    `meeting_id` INT NOT NULL,
    UNIQUE KEY `uid_meeting_cha_meeting_9633da` (`meeting_id`, `version`),
    CONSTRAINT `fk_meeting__meeting_e9659c83` FOREIGN KEY (`meeting_id`) REFERENCES `meeting` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='An entry of the change log of a meeting (changes.entries), one per version.';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS `meeting_change`;"""


MODELS_STATE = (
    "eJztW1tv4jgU/itRnlqpW9FAobtvQNsddriMCnvRjKrIJCZYJHYmMdui2f73tUOuzgUyBQ"
    "Q0TyXH5/jy2T43n/6QLaJD070eQEgRNuTfpB8yBhZkP8SmK0kGth01cAIFU3PNG2OautQB"
    "GmXkGTBdyEg6dDUH2RQRzKh4aZqcSDTGuB7UJy0x+r6EKiUGpHPosIZvz4yMsA5foRt82g"
    "t1hqCpJyaLdD62R1fpyvZoPUwfPUY+2lTViLm0cMRsr+ic4JAbYcqpBsTQARTy7qmz5NPn"
    "s/MXGqxoPdOIZT3FmIwOZ2Bp0thyp2pEk1V1OJqo44eJqsolANII5uCyqbre6g0+hV+Um0"
    "arcVdvNu4YizfNkNJ6Ww8dAbMW9OAZTuQ3rx1QsObwMI5AXTomQ02HaWg7CANn1Z0DJxvh"
    "uKSAM1uAiHOA6vECbYFX1YTYoHP2WVcKUP2r/dT91H66qCuXfEBr5X43BbrUHfX77cmDtK"
    "SzO2vaUKcIc17Crs36Og19bsXrhm9StCkUUTNjR/L3IhTYzUYEhGgnomsewi4fZCOU29st"
    "doJxXebB67Ul8TWJBrxplYA4LlOhvA3KLgUOVZnmyTjK94yajXNSSkCakymy4HXQvgFzX4"
    "GUgnyPOqYA43umLAT8INZLoxeX+cjY/QsdN/OC5zoMMYnNXsOurvfNUXsNEZyaA/nKVUCz"
    "DyM/V9mwJiWLjiT/sS+c9+k3sAXqI2yu/CtTgOukN3gYT9qDL57X4PpeAz+9vEVJ+BIB9a"
    "IpqNywE+nv3uSTxD+lr6PhgwcvcanheCNGfJOvMp8TWFKiYvKiAj3mWgXUALXErgPdQmyz"
    "yAJiVUcGdDN2P99gZkv/lOk8MlWUtJ3Nxhams9nItZy8SVD8rzZiu6hm6a8C1Z+Qeqfy3+"
    "KWHdI5L6f8XyBc6GDlptEbW8A0c01AXO6ANkBp7dcK1JVWMzQA/KNI948H7X4/bQBmLBg0"
    "S3sjSamP5o/wRMZsEYu6OWEKtMULcHQ10RKztHOAma7MCMd9wcfPT9DMi0SS+Zyu19cJ2t"
    "S34CAF1Mi2RkjZLE5AGrIBF3oXXF+ins4JLH7ciELyDmC6yVIskQIwMLwl8bH5SJknLD+l"
    "GB3BjYlFVYt4N+UX5TaWIKbOSiIzic6htJaVTGJwCpD8PqUL/z5dc24E3csriWAo2dCRfI"
    "f/WhZQ3nXfGRnPb/FkahB4PL8nD9pBxkdJhf6qKPV6S6nVm3e3jVbr9q4WGrd0U5Gp6/R+"
    "54Yu4ZZtTpieSGR59CnpWJhROqg822DyRILHAJPi6FGjxCkVMAYCh0uvHixIVGrb5Fdr+e"
    "nVmhgkLti6yqAb8FfgbgGuDVYmARn4/jEeDbPxjYmIiglpVPpPMpF7itq+AFoORkIbBZBe"
    "DNr/iGh3+6OOqGZ4Bx0B+sAbLPXamxSqrKxvZVMRaArmNMaPxIHIwJ/hyoO6xyYFsJYVwK"
    "eLB04M4rzIiZEd8BJ63sLpYgiwdUO61rftcbd9z6L9/Nh+n2FYPHLNCMKEwDY/BLMFxp3W"
    "dySiHT5DdQFX7wt3Pkqss7eyD+9vCe8h4D9D7+Gmto37wLhy/QevLWnFwmOewnhTWU1c8s"
    "OjnSqt4Q1lamsytqZ6y8zfqvN9y/zZV8zq/bL8+2Xlwlcu/Fm58BHmXLnv7rXpfmeP8UcB"
    "+l5fnETYisOdANmtQp7whXrXcY8QVnnDiHFPNtcVL+XjU/XOK6+JdNjP5ypIOmSQVLbcYU"
    "eFDkd63beuWg2PraAjCTEhwHl1q6GUgN6Uie0LtOCwHha0zmjUT3jNnZ7wCjn8c9B5YMGO"
    "53MxJkQTj5PJEmunNNgxqQOCHVJOFu24ySilcNOClX+72b8V7OI7fdzzLPIR/dz0STumdH"
    "UbOkibZ7lufkuhxwYinur/D0/pjhf5WLnlNPkpmfx6mnNIkO7lX7H4pSqBsM9+hujuJdnP"
    "RqQwy0jlVwvERKpqgZLVAiXqqndvzN7+BzR3T98="
)
