from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # Columns in the models' order, without SQL defaults (the models' defaults are Tortoise's).
    # Meetings made before expiry get the default MEETING_RETENTION_DAYS, 90, and all seven
    # weekdays.
    return """
        ALTER TABLE `meeting` ADD `expires_on` DATE;
        UPDATE `meeting` SET `expires_on` = DATE_ADD(COALESCE(`end_date`, DATE(`created_at`)), INTERVAL 90 DAY);
        ALTER TABLE `meeting` MODIFY `expires_on` DATE NOT NULL;
        ALTER TABLE `meeting` ADD `weekdays` SMALLINT NOT NULL DEFAULT 127;
        ALTER TABLE `meeting` ALTER `weekdays` DROP DEFAULT;
        ALTER TABLE `meeting` ADD `final_date` DATE;
        ALTER TABLE `meeting` ADD INDEX `idx_meeting_expires_748434` (`expires_on`);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `meeting` DROP INDEX `idx_meeting_expires_748434`;
        ALTER TABLE `meeting` DROP COLUMN `final_date`;
        ALTER TABLE `meeting` DROP COLUMN `weekdays`;
        ALTER TABLE `meeting` DROP COLUMN `expires_on`;"""


MODELS_STATE = (
    "eJztWltz2joQ/iuMn9KZnk7jUJI5b4aQKadcMoFzmXYyGmEL0CDLri2aMG3+eyX5LtsEt+"
    "ADCU/g1a4lfZJ2v135u2Y7FiL+uwFCDNO59mfju0ahjfgfteltQ4OumzQIAYNTEuimlKY+"
    "86DJuHgGiY+4yEK+6WGXYYdyKV0RIoSOyRWDTkPRiuKvKwSYM0dsgTze8OWeizG10CPyo0"
    "d3CWYYESszWGyJvqUcsLUrZT3KbqSi6G0KTIesbJoou2u2cGisjSkT0jmiyIMMidczbyWG"
    "L0YXTjSaUTDSRCUYYsrGQjO4Iiw13SlIZBoAw9EEjLsTALQKAJkOFeDyofpy9nMxhD/08+"
    "Zl8+qi1bziKnKYseTyKeg6ASYwlPAMJ9qTbIcMBhoS4wTUlUc4ahbKQ9vGFHrrzgJ6xQin"
    "LRWc+QRUnCNUDxdoGz4CguicLfjjhb4B1X+Mu85H4+7sQn8jOrTX/leiyBudUb9vTLqNFZ"
    "td2dMmmGIqdB1+bILjNAy1dfkasUjJojDMSMGKlK9FbLCbhYgEyUokxzyGXatlIfQPH7ZY"
    "Ca71pgxe2ZbFlzgmlMOqAHHa5oTyNij7DHoMcM9TsJWvubQY56yVgrQQM2yjd1H7M5iHDq"
    "QS5Hv0MRswvubOQsEPUasyemmb14zdN+T5hQe8lDCkLJ5nDbs63ucHzRoSOE0PiZkDyIo3"
    "o9hXxbBmLTdtSfFnXzjvkzfwCVojStbhkdmA66Q36I4nxuBWsgY/ZA1i94oWPcMlIulZS3"
    "G58Usa//YmHxvisfF5NOxKeB2fzT3ZY6I3+ayJMcEVcwB1HgC0UtQqkkaoZVYdWjbmi+Us"
    "EQUWniO/YPXLA2ax9S+FzgNzRdnY2WpuETpbzdLIKZoUx//oYr6KoMh/bXD9GavfdP5bnL"
    "I6yXk15/+A0NKCaz+P3tiGhJSGgLRdjTFAv9xvFLjQL1txABAPm3z/eGD0+/kAMOPJIKnM"
    "RrJWr42PiELGbJnKuoVgCs3lA/QskGlJgHY5+8UmdqHoJgd1O7S++XSHSFk6EhZ1bpM3HW"
    "FYfYr2UiSNwqsA0dGdMljzTbZuqxJI4VxOSfQteiqArKBMpiBaXipzFcWdlsu+pCtxYoRg"
    "idba/amK9j9W0eRvBW4U6ddXSKiNDp2/f78FH+JapYRItmXDT7zN8x7xmSpl2vLVo52rVI"
    "qGKqXKgqU5pYblS/VyU8NfTQpP6WD1dDAM96BS5M4a1ZfNHHgQz3HyHMx5jG8cD+E5/YTW"
    "EuoeHxSkZlH8zl+nHhnEZaybiz34ELNJZXdxBPi8EQvOvjHuGNc8/9km2xHOfXdpzvXOah"
    "sHAXpdqY6EbXO6EyG7VcoTJ/y7znuUtEp2o+Y9xVpvxc2IGKrcr+KKyeN/709JUp1JUtXq"
    "0Y7qRgd63Le+BIy3reIjHYcgSMuuAWMrBb0pN9sXaNFmrRe09mjUz7Dmdm+ikKu/B+0uT3"
    "Yk5+JKOIhU+Spn5BiqgZ2yqhHsWHK0aKdDRiWHmzc88dvn+a0SF3+T477M6rLKc/M7rSrX"
    "3SeHM5CHzUURdQtbNjI2mOicPuc8pjO+iWOVfvdSXpIp//DlJRRI9/JlmzhUFRAO1V8gun"
    "sp9vMeGSoKUn+NR8OSUnJiomYL2GSNHw2C/SOOU0XgCjAyRCzC9Gxg/KfC3emP2moVWLyg"
    "Xe2aevfB7OknM1+b1Q=="
)
