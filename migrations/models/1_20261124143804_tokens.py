from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `meeting` ADD `admin_token_digest` VARCHAR(64) AFTER `created_at`;
        ALTER TABLE `participant` ADD `token_digest` VARCHAR(64) AFTER `created_at`;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `meeting` DROP COLUMN `admin_token_digest`;
        ALTER TABLE `participant` DROP COLUMN `token_digest`;"""


MODELS_STATE = (
    "eJztmm1v2joUx79KlFeddDetlHXVfQeUamwFpjb3QZsmyyQmWCR2ljjr0MZ3v7bz7CQ02Q"
    "UGLa+A43Ni++en/3H4obvUQk7waowQw8TW/9R+6AS6iH9Ri/7QdOh5WYEwMDhzIt+c0yxg"
    "PjQZN8+hEyBuslBg+thjmBJuJaHjCCM1uWNUaWwKCf4aIsCojdgC+bzg8xduxsRC31GQ/P"
    "SWYI6RYxUaiy1Rt7QDtvKkbUTYjXQUtc2ASZ3QJZmzt2ILSlJvTJiw2oggHzIkHs/8UDRf"
    "tC7uaNKjqKWZS9TEXIyF5jB0WK67M5DZdAAmUwPcDw0A9BaATEoEXN7UQPbeFk142Tnvvu"
    "1eXVx2r7iLbGZqebuOqs7ARIESz8TQ17IcMhh5SMYZ1NB3ODULldH2MYH+arCAfjXhfKTC"
    "mXdA5ZxQPVzQLvwOHERstuA/LzobqP7duxu8692dXXReiArdVfDVUezaYHp72zOGWsjmV+"
    "6sC2aYCF/Kl020nCaxd0c+RgxSNigMM6diROrHIg3YzkAkhmwksmWeYtf3MhCdN28ajAT3"
    "elGHV5YV+TrUhLJZLRDnY06Um1AOGPQZ4DtPxVS+5tZqzsUohbQwM+yiV0n5I8zjDaQV8h"
    "3uMRsYX/PNQuGHiNWaXj7mObP7hvygcoHXCoZcxOOqYVvL+/ygVUOG0/SR6DmArHoyinlV"
    "jbUYuWlKii+74rxL3cA7aE2Js4qXzAauxmg8vDd6449SNQSxahCzV5R0CloisZ5dKltu+h"
    "Dtn5HxThM/tU/TyVDipQGzfVlj5md80kWbYMgoIPQBQCsnrRJrQq0w6tByMR8sukQEWNhG"
    "QcXo1x+Y1dG/dHQe2FZUPDsvuw2Ozstu7ckpitZrkfXMlzmJLgwzaC4foG+BQkk2QB4/Kr"
    "GJPSgaVhbwcfTNhzvk1GmXOAP8mD3pCNfgOpl7iTVZiwIi7dA6rOUit+OqFkigLbsk6hY1"
    "VSCryKkVovV5tac4bjW3/pxP20ULwRKt9C+nlPs3ptzys8VGmvjvL+vY2955/vp1g82Te9"
    "XunrKsKFbSaV7eER+50shHPnvapWsNUdDmXqNiaE468jnqyF9VkCft2Ew75lnHxz1odXIX"
    "g/aX/h74IV7S5CXMZcY31EfYJh/QSqIe8UZBYlad3+V3L0eGuE51c7MPH1I1qcwuToD3G7"
    "Fo7ffuB73rob5uku2IzX17ac51s1uwY4G+r1RHYtuc7iRkG6U86W3ltvMeJa2S1Zzynt+Z"
    "97S9y97SPfaBruDGLwFENyqmY59SB0FS9xogjVLozXjYrqAlk3W/0PrT6W1BCPdHhqKX/h"
    "r3hzx/kTKKO+Ho8Clfc4t3T35r2LmoPcJOLUdLO38KtNpwy4Enyfq4ZFUOxP8pW5/mhbEq"
    "Xcszra183aUs6yEfm4sqNRaXbBRhMPM5/Z3rmNb4Jo1V+967/pal/sX3U7jz3Mk/W8Siak"
    "E4dn+CdHdyf89rZKjqkHp/P53U3A5nIWq2gE2m/dQcHBzxOVUFV8AoCLGE6dm496+Ke3A7"
    "7asXu+IB/XZvnrd/mK3/A6E/T7Q="
)
