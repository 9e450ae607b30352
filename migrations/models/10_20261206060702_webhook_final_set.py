from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `webhook` ADD `final_set` BOOL NOT NULL DEFAULT 0 AFTER `delivered_version`;
        UPDATE `webhook` w JOIN `meeting` m ON m.`id` = w.`meeting_id`
            SET w.`final_set` = m.`final_date` IS NOT NULL OR m.`final_time` IS NOT NULL;
        ALTER TABLE `webhook` ALTER `final_set` DROP DEFAULT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `webhook` DROP COLUMN `final_set`;"""


MODELS_STATE = (
    "eJztXVtT2zgU/iuePJUZlkkDAXbfEqAtWyCdkt122ul4FFtJNHFkV5aBbJf/vpLjqyw7Vk"
    "iyjvETIJ1jyZ+OdK4yv1pz24SWe3QLIUV40vpD+9XCYA7ZL2LXodYCjhN38AYKRtaSNkE0"
    "cikBBmXNY2C5kDWZ0DUIciiyMWvFnmXxRttghMtBgyYPo58e1Kk9gXQKCev4/oM1I2zCJ+"
    "iGfzozfYygZaYmi0w+tt+u04Xjt11j+s4n5KONdMO2vDmOiZ0Fndo4okaY8tYJxJAACvnj"
    "KfH49PnsghcN32g505hkOcUEjwnHwLNo4nVHetzW0vW7wVC/vxrqeksBIMPGHFw2Vdd/+w"
    "mfwm+dtydnJ+fHpyfnjMSfZtRy9rwcOgZmyejDczdsPfv9gIIlhY9xDKpHLIaaCbPQ9hEG"
    "ZHExBUSOcJJTwJm9gIhziGp1gZ6DJ92CeEKn7M/jTgGqf/c+X3zofX5z3DngA84X7k9LaN"
    "cuBjc3veGV5tHx+Xx0oo8Q5rQ22zbL7XQXUHf8x/BFiheFImpJViR/LSKGzSxE2BCvRLzN"
    "I9hbO1mITrdbYiUY1UEevH5fGl/LNoA/LQWIkzwNymVQdikgVGcnj0SUL1mrHOc0l4A0b6"
    "ZoDo/C/hWYBweIEuRbPGMKML5kh4WAH8SmMnpJnteM3QMkrnSD5xoMCY7VVsOmtvfbSlsN"
    "MZwGgfzNdUDlwsjlSg5rmrNIJPkv28J5m3YDe0FzgK1FsGUKcB1e317dD3u3n3yrwQ2sBi"
    "69vKeTsiXC1jenwpEbPUT7cj38oPE/tW+DuysfXtulE+KPGNMNv7X4nIBHbR3bjzowE6ZV"
    "2Bqillp1YM4RWyx7BrFuogl0JaufrzDl3GupzoodRWndeXpSQnWenuRqTt4lmH8cM1cn0L"
    "GAAVW8Hgnn7g6z9p4cZvDJQWyT6DL1UKBZU1wv1K0l8N2l76OmWx8hnJlg4WbRu58Dy8oV"
    "ziTfDlVs52y7cnncOTuNRJL/USSN97e9m5usSI6Zr20pG3tprtds7vEX1f+xsaLTnGBq9N"
    "JqvcQ2rz4m9lx14yf51tr4VcN5cxufQ0PtdQBdcjVwpkMOlk11ZnZ6FCqrJ5G3gTYtqR7x"
    "41/rwivjbyCWWAGhH6ziZac5N+BlVwzkPXGqQ0wyXjXPaY1niQQMbxgBY/YIiKmnehJBly"
    "nAE9lG6weM7z5+hlZeUDqd2rvwn7WH4ZXnUNTD1lYUZomRcgChyEAO4EwvgutT/KS6gvUI"
    "R1Pbnr0QqC/Lp9QJJL4n7Y6dt0uzXfPOXGwBGEz8V+Jj85Gk2zA/BR/v05WJeN2IaVfl41"
    "s9rEFMyUKzxxqdQm3Jq1n2hLcALXim9iY4dI44NYLuwaHGHCTNgUQLAuRHLQHlTT9bUiHw"
    "PVl8EAbqf7ykbqCPJq+ldOD3Tuf4+KzTPj49756cnXXP25Gdku0qslr61++5zZJSnKsLDP"
    "YkE1P5Eo5EWF45CVPb5Mu+24WpZTWoTZQSLCHD7soRdha86rTL1CO088sR2mLwasbeSwXd"
    "kL4BtwS4DlhYNpDg++f94E6Ob4JFPJiQQbV/NQu5+3jaF0DLwUidRiGkb257X0W0L24Gff"
    "GY4Q/oC9CH1qBSdWSaqdGygZbNuOkZmLMYv7MJRBP8ES58qK/ZpAA2ZHGYbLHtnkGc5zmx"
    "ZgIeI8tbkC6GAHtvSJfnbe/+ond51XrOD4Bs0w1LuvcSJ0zw/vNdMEcg3Gg9dMrb4TPUZ3"
    "DxMnfntfg6WyuT9n8qWA8hfQ2th7ftMuYDo8q1H/y+tBaLxDyD8aoy9CTnq0c7U4rOO1Rq"
    "0SVL09T+5S9VfWv/1q36a+r91OsqwANA7NWRhajkABzCpxzlLfLVAeuiLXT1dVjsPkU76G"
    "Zw9z4kF32qxn1q3Kcau0/J2iJpmcaa6dDLjVW2VgL0rWb7RNiKXc0Q2VLuZlTuuWmfU3Bp"
    "/WFEn1NOdcivHfGp+vLK728R9uuPxkHdpYOqWju8oarhim730jfsIrEVzkjbtiDAeXfsIi"
    "4BvRFj2xZoobDuFrT+YHCTsrn616JR9ddt/4o5mr4BxogQTSWG09dBiTLYCa4dgh217C3a"
    "SZWhdOBmGRv7drV9K+jFF9q49axCE+3crKRVKVUQFrhJbLdE7Vu+zfaYIFpdnqW53ihqCQ"
    "upbDIBGLmQaO7CpXDuatT2O+ADZFgL1VVhXd+RYxN6ICnT2s4YzQddqmUIesRSidcF5DWM"
    "nHfapULnnKyg0iEbD19ujCzGxdcfYq46qdON3NkBllKEOaSvociqfHWo3JeEmuRNPvT1Td"
    "6YyF3HsU2yNc6WgrPFjD/0AJmbqqtXO0t566QjNlb3vLzk5kLJUVYo1im+Hcr1/xPm2qBY"
    "A8ocAkdm6+RKc5Kl+fKICCiGT1QPIFpDJUvYm6ueVS7pHwNk8Uyei4Jwj8pqZ5ibta7yWh"
    "sWYGtg6iNJCUe+M5PmqkMBx9Y9mgAxD1MkiXSscGpE5mZPVXlPNcU5TXFOxZIWmyrOCQ1l"
    "fQ6kH99Wv4rfWz6xRthvtUZHQC0/zZPAdWW2J7TOS2Z9sBbQs58a0IJQwOIwTM5YwKVat6"
    "1BYEzT2ZsZhI5bIuezjRE2nPFpruLzvl1cxW8ujtfSSvJTSypOR8TQpFBKOBxz6LpMhUiN"
    "0HyM01w1BHor18CYfUk99S/3RVzNB+XSJwMhap+UiBjqF4nolpLXboG8diXXFnlElhJJyK"
    "dEJDfga0IQVVauoWGvFIJIMzUhiNUhiES13AtDEPX7MN2hEIJIS1eVaiZ7kCBj2pL40kHP"
    "YZEPDWKa5v/L7dO+PizwOXMLIvKNkPw6iDrYzVv5V1t8UykgHJDXEN2teCVsRCp1sfO/bp"
    "Vgab5upfh1q4yZsEtl9vwfBTeThA=="
)
