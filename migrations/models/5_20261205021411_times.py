from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `meeting` ADD `time_zone` VARCHAR(64);
        ALTER TABLE `meeting` ADD `day_from` SMALLINT;
        ALTER TABLE `meeting` ADD `day_to` SMALLINT;
        ALTER TABLE `meeting` ADD `slot_minutes` SMALLINT;
        ALTER TABLE `meeting` ADD `duration_minutes` SMALLINT;
        ALTER TABLE `meeting` ADD `final_time` DATETIME(6);
        ALTER TABLE `participant` ADD `availability` LONGTEXT AFTER `token_digest`;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `meeting` DROP COLUMN `duration_minutes`;
        ALTER TABLE `meeting` DROP COLUMN `time_zone`;
        ALTER TABLE `meeting` DROP COLUMN `day_from`;
        ALTER TABLE `meeting` DROP COLUMN `day_to`;
        ALTER TABLE `meeting` DROP COLUMN `slot_minutes`;
        ALTER TABLE `meeting` DROP COLUMN `final_time`;
        ALTER TABLE `participant` DROP COLUMN `availability`;"""


MODELS_STATE = (
    "eJztXG1z2jgQ/isef0pmchliCOTuGxDaciXQCdxdp52MR9gCNBiJ2qIJ18t/P8n4VZYNJs"
    "AA8afg1a4lPZL2RbvOL3VGTGg51w8QUoTH6h/KLxWDGWQ/xKYrRQXzedjACRQMrRVvhGno"
    "UBsYlJFHwHIgI5nQMWw0p4hgRsULy+JEYjDGVaceaYHRjwXUKRlDOoE2a/j+xMgIm/AFOv"
    "7jfKqPELTM2GCRyft26Tpdzl1aG9MPLiPvbagbxFrMcMg8X9IJwQE3wpRTxxBDG1DIX0/t"
    "BR8+H503UX9Gq5GGLKshRmRMOAILi0amO9RDmqrr3d5A77cGuq7mAMggmIPLhuq4sx/zIf"
    "ym3VRqlbtytXLHWNxhBpTa66rrEJiVoAtPd6C+uu2AghWHi3EI6sK2GGomTELbQBjYy+YE"
    "2HKEo5ICzmwCIs4+qscL9Ay86BbEYzphj2UtA9W/64/NT/XHi7J2yTucLZ0flkBXmr1Opz"
    "5oKQs6upsNK/oQYc5L2LFZHaeux625r+GLFC4KRdSSrEj6WgQCu1kInxCuRHjMA9jVgyyE"
    "dnu7wUowrss0eN22OL4WMYA7rBwQR2UKlDdB2aHApjrTPJKtfM+ocpzjUgLSnEzRDF777W"
    "sw9xRILsj3qGMyML5nykLAD2IzN3pRmfeM3U9oO9IDnuowRCTWew27Ot43R+01hHAaNuQz"
    "1wGVb0a+r+SwxiWztiT/sS+c9+k3sAmaPWwtvSOTgeug/dDqD+oPX1yvwfG8Br57eYsW8y"
    "V86kVVULnBS5R/2oNPCn9UvvW6LRde4tCx7fYY8g2+qXxMYEGJjsmzDsyIa+VTfdRiqw7M"
    "GWKLRaYQ6yYaQ0ey+ukGUy69lek8MlUUt53Vygams1pJtZy8SVD8L3PEVlGX6a8M1R+Teq"
    "Py3+CUHdI5z6f8nyGcmmDpJNHrz4BlpZqAqNwBbYBW268VKGu1amAA+EOW7u8/1DudpAEY"
    "sWDQyu2NxKXesz/CJ6r/S3DOqC4iVCjO9YqTHV59ZJNZ3oMfldvq4B8bzrs7+BwaSrYBdC"
    "VVwBmPiS1CdeYXLSjMbZ5E2QLa+E5d2O4FzbbwyuQLiCVegB+o5QkD45I7CAOPDOQTifp8"
    "TBJhH0+6jKaRDAEnDIExfQa2qcdaIrcCE4DHsoPW8AQ/fH6EVtqtaTz31HTfdYLx/6u/1X"
    "2qGtwDhEjNgU2RgeaAC70Jri/hm84JLL7diEbSNmCyaabNRArAYOxOiffNe5LusPT0Z7gF"
    "1yZBdSPkXZcLVetYgZjaS4WMFDqBykpWsciYU4DivVO58M7TNedG0Lm8Upjvr8yhrXiXk9"
    "eqgPKu3y3Jzn6PJn79S9Knt+RsG2j8XtK2v2tauVzTSuXq3W2lVru9KwUmONmUZZAb7Y/c"
    "HMdswvrk7oncgh99+jxyJZr7AvxsL75P3eWJLatBiZ3rctsXOFwq+GD3Mlppk1xwKT0VXB"
    "LvZaZsXnnQ9fkLcDcAdw6WFgESfP/s97pyfCMiomJCBlX+UyzknKK2z4CWgxHTRj6kFw/1"
    "ryLazU6vIaoZ/oKGAL3vDeaqTIsLFVbWs7KJCDQBcxLjD8SGaIw/w6ULdZsNCmBDdsWQLH"
    "Q8MYjTIidGtsFz4HkLu4shwOYN6Urf1vvN+n1LfU2P7fcZhkUjV0kQJgS26SHYXGDcaS1q"
    "LNrhI9SncPm2cOe9xDp7K1F1/+bwHnz+M/QebkqbuA+MK9V/cNviVizY5gmM15UARyXfPd"
    "qJMmDekKcOWLI0Rd1V+lKdb93VthVXRa1V/pIB8BMgNnVkISpRgAP4kmK8RblzwDrrCLW+"
    "DrLDp+AEdXrdjz67GFMV4VMRPp1x+BQtm5FWIGyZ6bvfWdHmUYC+12yfCFt2qOkju1G4GV"
    "Qy7jrmFEJatxsx5pRzXfFPPvhQ3f3Kv52x2c+nIkA9ZICatyx2RwWxR3rcN/66Kdi2go4k"
    "xIIAp33fFEgJ6A2Z2L5A8zfrYUFr9HqdmM/VaItO1V8PjRYLNF0HjDEhGksMxz/Fs3ODHZ"
    "E6INgB5WTRjpqMXAo3KVj4t+v9W8EuvtHHPc8CK9HPTe60Y0oV1KGNjInMdfNaMj02EPIU"
    "/6filM54lo+VWsqUfh2WXst0DpfTe/lknx+qHAh77GeI7l4SLaxHCmVGKr1SIyJSVGrkrN"
    "TIUdO+e2P2+j/SFo81"
)
