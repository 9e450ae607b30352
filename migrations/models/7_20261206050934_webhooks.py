from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `webhook` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `url` VARCHAR(2000) NOT NULL,
    `events` SMALLINT NOT NULL,
    `salt` VARCHAR(32) NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `disabled` BOOL NOT NULL,
    `meeting_id` INT NOT NULL,
    CONSTRAINT `fk_webhook_meeting_f03219b3` FOREIGN KEY (`meeting_id`) REFERENCES `meeting` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='A subscription of the organiser systems to the events of a meeting (webhooks.port).';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS `webhook`;"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isef0pmchlqSMjdN0homysJnYa7dtrpeIQtQIORqCya0F7++0nGr7JsMA"
    "EGHH9KWO3q5ZFWuyut/FufEhs67vkdhAzhkf6X9lvHYAr5P3LRmaaD2SwqEAQGBs6SN8Y0"
    "cBkFFuPkIXBcyEk2dC2KZgwRzKl47jiCSCzOuGzUJ80x+jGHJiMjyMaQ8oJv3zkZYRs+QT"
    "f4OZuYQwQdO9FZZIu2PbrJFjOPdovZW49RtDYwLeLMpzhini3YmOCQG2EmqCOIIQUMiuoZ"
    "nYvui975Aw1GtOxpxLLsYkzGhkMwd1hsuAMzoummed/rmw+dvmnqBQCyCBbg8q663uhHog"
    "t/GG8azcZV/bJxxVm8boaU5vOy6QiYpaAHz31ff/bKAQNLDg/jCNQ5dThqNkxD20YY0MX1"
    "GFA1wnFJCWc+ABnnANXDBXoKnkwH4hEb8591IwfVf1ufrt+3Pp3UjVPR4HTh/nAkunbd63"
    "Zb/Y42Z8Or6aBhDhAWvISrzVKd7n1uw6tGTFI0KQwxRzEj2XMRCmxnIgJCNBORmoew63uZ"
    "COPiYo2Z4FynWfB6ZUl8HWIBr1sFII7LVCivg7LLAGUm33kUS/mGU9U4J6UkpAWZoSk8D8"
    "pXYO5vIIUg3+Eek4PxDd8sJPwgtgujF5d5zdj9hNRVKnimwxCTWO01bEu93xy01xDBaVEo"
    "Rm4Cpl6MYl2pYU1K5i1J8c+ucN6l38AHaPews/BVJgfX/u1d56HfuvvoeQ2u7zWI1StKjI"
    "QvEVBPLqUtN6xE+3zbf6+Jn9rX3n3Hg5e4bES9FiO+/ldd9AnMGTExeTSBHXOtAmqAWmLW"
    "gT1FfLLIBGLTRiPoKmY/22CqpTcynQe2FSVt52VjDdN52ci0nKJIcv8EZq5J4cwBFiwS9S"
    "gk97eZ1Y5kM4NPM8SVxFSZhxzLmpB6oW1dA999xj7FbOsjhBMbLNw0eg9T4DiZizMut0cT"
    "azR3uy7rRvMyXJLiR95qfLhrdbvpJTnksbZT2NlLSr1md08M1PxFcMGgOSZU2aXVdokrrz"
    "mkZFpU8eNyGyn+oeG8PcUX0DCyCaBLqQrO5JGDQ5jJ3c45g4XNkyxbQZtcqXPqnX9tCq9K"
    "voJY4QUEcXCRKDspuYUo+8BAPpKgOsAkFVWLO63hJHYBIwgDYE0eAbXNREns0GUM8EilaG"
    "1f8O2HT9DJOpROXu1de3Ud4fHKc7DUA6oeHrNESM0AZchCMyCEXgTXx6imsoL1CAdjQiYv"
    "BOrzspYygSR0khgkS0vTRVNjKlMABiNvSKJt0ZJSDbOv4CM9XXkRb1oR76r7eL2FNYgZXW"
    "hkqLEx1JaymkNGggI0v07txN90zgU3gu7pmcYDJG0GqeYfkJ/rEsrbrluRIfAtnnwQHNR/"
    "f0neQBuNXkvqwJ+GUa83jVr98uqi0WxeXNVCPyVdlOe1tG/fCZ8lYThXJxgcyU3MwadwxI"
    "7lC1/ClPby5dj9wsS0WozQQhcsgcD+0hH2dnhl1NbJR6hlpyPU5MOrCR9XEXQD/grcNcCd"
    "gYVDgALfvx9692p8YyLyxoQspv2nOcg9xt0+B1oBRmI3CiA9uWt9kdG+7vba8jYjKmhL0A"
    "feYKHsyKRQZWV9K5sK01MwpzF+SyhEI/wBLjyob3mnALZU5zDpZNsjgzgrcuJkCh5Dz1ta"
    "XRwBPm7Ilvtt6+G6ddPRn7MPQHYZhsXDe0UQJkX/2SHYTGLcaj50ItoRPTQncPGycOe1xD"
    "o7S5P2/hbwHgL+EnoPb2rruA+cK9N/8MqSVixc5imMV6WhxyVfPdqpVHRRUCQXXTE1Ve5f"
    "9lSVN/dv06y/Kt+veF4F+AkQHzpyEFNsgH34lGG8ZbkyYJ2nQp0v/fzwKdSgbu/+XcAux1"
    "RV+FSFTyUOn+K5Rco0jQ2vQ2+2ltl6EKDv9LZPhi0/1AyQXSvcDNM9tx1zSiGt14wcc6q5"
    "zsSzI9FVb72K91uU//u9ClD3GaAWzR3eUtbwgar72i/swmUr7ZGEOBDgrDd2oZSE3oCL7Q"
    "q0YLHuF7R2r9dN+FztW9mp+ueu3eGBpueAcSbEEhfDyeegtDDYMak9gh1SjhbtuMkotOGm"
    "BSv/drV/K9nFF/q45cxCk/3c9Eo7pKuCIMFN4bvFct+yfbbHGNPq9CzNnQ9CSpBIRegIYO"
    "RCqrkLl8GpqzHiFcCfkGMtZVcFeX3nM0LZqSJNazdtVB90OSxHcE6dIud1PnsJT86N2lpH"
    "54ItJ9MhfR6+VIw0xvnPHyKpMpnTrbzZAU6hE+aAv4RLtshXh9b7klB1eZMNfXkvb2zkbh"
    "LYxsWqYKtAsFVdIlSXCAcWXB1uDlYLUmSNdUVc5Zec5YVVIOKpPkJ5THp9lhOzZL4RyfYC"
    "sx+JlMER3Mn3+IRSFUDYZy8hujvJYOMtMqg6/ctOgY+JVCnwBVPgC7yo3r4xe/4fBeSoig"
    "=="
)
