from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS `meeting` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `url_code` VARCHAR(32) COLLATE utf8mb4_bin NOT NULL UNIQUE,
    `title` VARCHAR(255) NOT NULL,
    `location` VARCHAR(255) NOT NULL,
    `start_date` DATE,
    `end_date` DATE,
    `version` INT NOT NULL,
    `created_at` DATETIME(6) NOT NULL
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `participant` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL,
    `name_key` VARCHAR(100) COLLATE utf8mb4_bin NOT NULL,
    `created_at` DATETIME(6) NOT NULL,
    `meeting_id` INT NOT NULL,
    UNIQUE KEY `uid_participant_meeting_5fa2a7` (`meeting_id`, `name_key`),
    CONSTRAINT `fk_particip_meeting_a16a79ee` FOREIGN KEY (`meeting_id`) REFERENCES `meeting` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `participant_date` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `date` DATE NOT NULL,
    `enabled` BOOL NOT NULL,
    `starred` BOOL NOT NULL,
    `participant_id` INT NOT NULL,
    UNIQUE KEY `uid_participant_partici_2dcef6` (`participant_id`, `date`),
    CONSTRAINT `fk_particip_particip_feeacf70` FOREIGN KEY (`participant_id`) REFERENCES `participant` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
CREATE TABLE IF NOT EXISTS `aerich` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `version` VARCHAR(255) NOT NULL,
    `app` VARCHAR(100) NOT NULL,
    `content` JSON NOT NULL
) CHARACTER SET utf8mb4;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS `participant_date`;
        DROP TABLE IF EXISTS `participant`;
        DROP TABLE IF EXISTS `meeting`;"""


MODELS_STATE = (
    "eJztmm1v2joUx79KlFeddDettNuq+w4o1dgKTG3ugzZNlkkMWE2czHHWoY3vfn2cZyehRB"
    "dYaXlVcnxObP/89PdJf5qe7xA3fDUiRFA2N/80fpoMe0T+0Iv+MEwcBHkBGASeurFvwWka"
    "Co5tIc0z7IZEmhwS2pwGgvpMWlnkumD0bekYV5qYIka/RQQJf07EgnBZ8OWrNFPmkB8kTB"
    "+DOzSjxHVKjaUO1K3sSCwDZRsycaUcobYpsn038ljuHCzFwmeZN2UCrHPCCMeCwOsFj6D5"
    "0Lqko2mP4pbmLnETCzEOmeHIFYXuTlFuMxEaTyx0O7AQMlsAsn0GcGVTQ9X7OTThZef0/N"
    "35xdnb8wvpopqZWd6t4qpzMHGgwjO2zJUqxwLHHopxDjXirqTmkCraHmWYL/sLzOsJFyM1"
    "zrIDOueU6uMF7eEfyCVsLhby8ayzhurf3Zv+++7NyVnnBVToLcNvrmY3+pPr6641MCIxu/"
    "Cm52hKGfj6ctnEy2mceHfUa2CQ8kERVLg1I9I8FlnAdgYiNeQjkS/zDLu5l4HovHmzwUhI"
    "rxdNeFVZma/r21g1qwXiYsyR8iaUQ4G5QHLnqZnKl9Jaz7kcpZEGs6AeeZWWP8A82UBaId"
    "/hHrOG8aXcLDR+hDmt6RVjnjO774SHtQu8UTAUIh5WDdta3qePWjXkOG1OoOcIi/rJCPOq"
    "Hms5ct2UhB+74rxL3SA76EyYu0yWzBqu1nA0uLW6o09KNYSJaoDZCyWdkpZIrSdvtS03e4"
    "nxz9B6b8Cj8XkyHii8fijmXNWY+1mfTWgTjoSPmH+PsFOQVqk1pbYC9T27K0hFMEyxfXeP"
    "uYNKJfn0COSWTW0aYGBSFZJJ9NXHG+I2naHJTeRT/qYDnAurdPan1nROAES/4zdhrRZ5HU"
    "+3YIbnqktQN9RUg6zmbqcRbb7fBZrjVu94X4rXR2ghuiNL8+vx6vcbr37qbwsFnPrvT/3u"
    "7bp3+vr1BvpXejXqX1VWPjSzaV7dER+4Whcjnz3tyvUaCtrcr2uG5qhnnoueKY56cgShVq"
    "dJOWh/V4NHfrBUdGIFc5Xxlc8JnbOPZKlQD2WjMLPrzpRqXvrAEDcpQWnm+D5TONrskgRk"
    "v4mID+Lubb97KS+2myhw2HC2J70vN8sQHAr0fclvhW29BE/JbiTDs0zOtrW4JvVVNUct/j"
    "u1eNs835ZyfI90BW+cIIVu1EzHnu+7BLOmFGkWpdGbyrBdQUsn636h9SaT65I46w0tTSb/"
    "NeoNpKZWqkw60fjwqaYAIS/PW8MuRO0RdmY5WNrFU6DVhlsNPErWhyWrdiD+T9n6NJOYun"
    "StzrS28nWXsqxLOLUXdWosKVkrwnDuc/xXl0Na4+s0VuM3weZEXPNHwaeQh9vJV39YVC0I"
    "J+5PkO5OcsqyRkHqDqkPt5NxQ8YyD9FvC9QWxi/DpeEBn1N1cAFGSYilTE9G3X913P3rSU"
    "9PNsILenWSYZ+H2eo//KxhOw=="
)
