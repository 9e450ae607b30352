from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `webhook_attempt` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `at` DATETIME(6) NOT NULL,
    `event` VARCHAR(32) NOT NULL,
    `message_id` VARCHAR(100) NOT NULL,
    `status` SMALLINT,
    `error` VARCHAR(500),
    `next_try` DATETIME(6),
    `webhook_id` INT NOT NULL,
    CONSTRAINT `fk_webhook__webhook_dea2996f` FOREIGN KEY (`webhook_id`) REFERENCES `webhook` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='An attempt at a delivery, of the last 50 each subscription keeps (webhooks.port).';"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS `webhook_attempt`;"""


MODELS_STATE = (
    "eJztXVtT2zgU/iuePMEMy6SBALtvCdCWLZBOyW477XQ8iq0kmjiyV5aBbJf/vpLjqyw7Vk"
    "gyjvETcHSOJX+6nKvMr9bcNqHlHt9BSBGetP7QfrUwmEP2i9h0pLWA48QNnEDByFryJphG"
    "LiXAoIw8BpYLGcmErkGQQ5GNGRV7lsWJtsEYl50GJA+jfzyoU3sC6RQS1vDjJyMjbMJn6I"
    "Z/OjN9jKBlpgaLTN63T9fpwvFpN5i+9xl5byPdsC1vjmNmZ0GnNo64EaacOoEYEkAhfzwl"
    "Hh8+H13wouEbLUcasyyHmJAx4Rh4Fk287kiPaS1dvx8M9Yfroa63FAAybMzBZUN1/bef8C"
    "H81nl3en56cXJ2esFY/GFGlPOXZdcxMEtBH577YevFbwcULDl8jGNQPWIx1EyYhbaPMCCL"
    "yykgcoSTkgLO7AVEnENUqwv0HDzrFsQTOmV/nnQKUP279+XyY+/LwUnnkHc4X7j/WAJdux"
    "zc3vaG15pHxxfz0ak+Qpjz2mzbLLfTfcDd8R/DJymeFIqoJZmR/LmIBDYzESEhnol4m0ew"
    "t3YyEZ1ut8RMMK7DPHj9tjS+lm0Af1gKECdlGpTLoOxSQKjOTh7JUr5iVDnOaSkBaU6maA"
    "6Pw/YVmAcHiBLkWzxjCjC+YoeFgB/EpjJ6SZm3jN0jJK50g+caDAmJ1VbDprb3u0pbDTGc"
    "BoH8zXVA5YuRrys5rGnJoiXJf9kWztu0G9gLmgNsLYItU4Dr8Obu+mHYu/vsWw1uYDXw1c"
    "tbOilbIqQenAlHbvQQ7evN8KPG/9S+D+6vfXhtl06I32PMN/ze4mMCHrV1bD/pwEyYViE1"
    "RC0168CcIzZZ9gxi3UQT6EpmP19hyqXXUp0VO4rSuvPstITqPDvN1Zy8STD/OGauTqBjAQ"
    "OqeD0Syd0dZu09Oczgs4PYJtFl6qFAs6akXqlbS+C7S99HTbc+QTgzwcLNovcwB5aVuziT"
    "cjtUsZ3z7a7Lk875WbQk+R9Fq/Hhrnd7m12SY+ZrW8rGXlrqLZt7/EX1f22s6DQnhBq9tF"
    "ovsc2rj4k9V934Sbm1Nn7VcN7cxufQUHsdQJdSDZzpkINlU52ZnR6FyupJlG2gTa9Uj/jx"
    "r3Xhlck3EEusgNAPVvGy05Ib8LIrBvKeONUhJhmvmue0xrNEAoYTRsCYPQFi6qmWRNBlCv"
    "BEttH6geD7T1+glReUTqf2Lv1n7WF45SVc6iG1FYVZYqQcQCgykAO40Kvg+hw/qa5gPcHR"
    "1LZnrwTq6/IpdQKJ70m7Y+ft0mzTvDMXKQCDif9KvG/ek3Qb5qfg4326MhGvGzHvqnx8q4"
    "c1iClZaPZYo1OoLWU1y55wCtCCZ2oHwaFzzLkRdA+PNOYgaQ4kWhAgP24JKG/62ZIKgR/J"
    "4oMwUP/zNXUDfTR5K6UDv3c6JyfnnfbJ2UX39Py8e9GO7JRsU5HV0r/5wG2WlOJcXWCwJ5"
    "mYypdwJMLyykmY2iZf9t0uTE2rQW2ilGAJBXZXjrCz4FWnXaYeoZ1fjtAWg1cz9l4q6Ib8"
    "DbglwHXAwrKBBN8/Hwb3cnwTIuLBhAyq/adZyN3H074AWg5G6jQKIT24630T0b68HfTFY4"
    "Y/oC9AH1qDStWRaaFGywZaNuOmZ2DOYvzeJhBN8Ce48KG+YYMC2JDFYbLFtnsGcZ7nxMgE"
    "PEWWt7C6GALsvSFdnre9h8ve1XXrJT8Ask03LOneS5wwwfvPd8EcgXGj9dApb4ePUJ/Bxe"
    "vcnbfi62ytTNr/qWA9hPw1tB7etcuYD4wr137w29JaLFrmGYxXlaEnJd882plSdN6gUosu"
    "mZqm9i9/qupb+7du1V9T76deVwEeAWKvjixEJQfgED7nKG9Rrg5YF22h62/DYvcp2kG3g/"
    "sPIbvoUzXuU+M+1dh9StYWScs01kyHXm2ssrUSoG812yfCVuxqhsiWcjejcs9N+5yCS+t3"
    "I/qccq4jfu2ID9Vfr/z+FmG//mwc1F06qKq1wxuqGq7odi99wy5atsIZadsWBDjvjl0kJa"
    "A3YmLbAi1crLsFrT8Y3KZsrv6NaFT9dde/Zo6mb4AxJkRTieH0dVCiDHZCaodgR5S9RTup"
    "MpQO3KxgY9+utm8FvfhKG7eeVWiinZtdaVVKFYQFbhLbLVH7lm+zPSWYVpdnaa43iihhIZ"
    "VNJgAjFxLNXbgUzl2N2n4DfIQMa6G6KqzrO3ZsQg8lZVrb6aP5oEu1DEGPWCrxuoC9hpHz"
    "TrtU6JyzFVQ6ZOPhy42Rxbj4+kMsVSd1upE7O8BSijCH/DVcsipfHSr3JaEmeZMPfX2TNy"
    "Zy13Fsk2KNs6XgbDHjDz1C5qbq6tXOUtk66YgN1j0z+9SRqd5ccJMizYcwREAxfKZ6ANEa"
    "GkIi3tw8rHKF+RggiyeWXBREH5SumIrCzVxXea4NC7A5MPWRpKIg37ZOS9WhnmDrBnaAmI"
    "cpkjjeK2xsUbjZU1XeU02tSFMrUrEY+qZqRUJDWZ8D6beg1W+G95ZPrBH2Wy0ZEVDLzzok"
    "cF2ZfAit85JJCKwF/OynBrTAM10chbkCC7hU67Y1CIxpOpkwg9BxS6QgttHDhhMQzc1w3r"
    "aLm+HNPeZaWkl+pkPF6YgEmoh+CYdjDl2XqRCpEZqPcVqqhkBv5VYSsy+pp/4huUiq+b5Z"
    "+mQgRO0LB5FA/SIR3VLrtVuwXruSW3Q8IkuJJORTIpIbyDUhiCor19CwVwpBpIWaEMTqEE"
    "SieOuVIYj6fSftSAhBpFdXlUr4epAgY9qS+NJBy1GRDw1inubfne3Tvj4q8Dlz8/P5Rkh+"
    "Wr4OdvNW/vMT31QKCAfsNUR3K14J65FKXez8jy0lRJqPLSl+bCljJuxSmb38D8KiHkE="
)
