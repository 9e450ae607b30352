from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `meeting` ADD `tokens_replaced` INT NOT NULL DEFAULT 0 AFTER `admin_token_digest`;
        ALTER TABLE `meeting` ALTER `tokens_replaced` DROP DEFAULT;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE `meeting` DROP COLUMN `tokens_replaced`;"""


MODELS_STATE = (
    "eJztXF9z2jgQ/yoePyUzuQwxJOTuDRLa5kpCJ+HuOu1kPMIWoEFIri2acL1895OM/8qywQ"
    "kwQPwUvNq1pJ9W2l3tOr/0KbUh9k5vIWSIjPQ/tF86AVPIf8hNJ5oOHCduEAQGBnjBm2Aa"
    "eMwFFuPkIcAe5CQbepaLHIYo4VQyw1gQqcUZF50GpBlBP2bQZHQE2Ri6vOH7IycjYsNn6I"
    "WPzsQcIojt1GCRLfr26SabOz7thrAPPqPobWBaFM+mJGZ25mxMScSNCBPUESTQBQyK1zN3"
    "JoYvRhdMNJzRYqQxy2KICRkbDsEMs8R0B2ZM003zrtc3Hzp909RLAGRRIsDlQ/X82Y/EEH"
    "4zzhrNxmX9onHJWfxhRpTmy6LrGJiFoA/PXV9/8dsBAwsOH+MY1JmLOWo2zELbRgS486sx"
    "cNUIJyUlnPkEZJxDVHcX6Cl4NjEkIzbmj3WjANW/W/dXn1r3R3XjWHQ4nXs/sETXrnrdbq"
    "vf0WZseDkdNMwBIoKX8m2z2E53Abfhv0YsUrwoDDGsWJH8tYgE1rMQISFeiXibR7DrW1kI"
    "4/x8hZXgXMd58PptaXwxtYA/rBIQJ2UqlFdB2WPAZSY/eRSqfM2papzTUhLSgszQFJ6G7U"
    "swDw6QUpBv8IwpwPiaHxYSfpDYpdFLyrxn7H5C11Nu8FyHISGx3GtY1/Y+22mvIYbTcqGY"
    "uQmYWhmFXqlhTUsWqaT4sSmcN+k38AnaPYLnwZYpwLV/c9t56Lduv/hegxd4DUJ7RYuR8i"
    "VC6tGFdORGL9H+uel/0sSj9q131/HhpR4buX6PMV//my7GBGaMmoQ+mcBOuFYhNUQtterA"
    "niK+WHQCiWmjEfQUq59vMNXSrzKdO3YUpW3nRWMF03nRyLWcokly/wRmnulCBwMLlol6FJ"
    "LbO8xqe3KYwWcH8U1iqsxDgWVNSb3Rtq6A7zZjn3K29QnCiQ3mXha9hynAOFc5k3JbNLFG"
    "c7N6WTeaF5FKiocibXy4bXW7WZUc8lgbl3b20lLv2d0TEzX/paRk0JwQquzScrvEN685dO"
    "m07MZPyr1q4+8azuvb+AIaRl8D6EKqgjN95YApM7nbOWOwtHmSZSto05o6c/37r9fCq5Kv"
    "IFZ4AWEcXCbKTkuuIcreMZD3JKgOMclE1SKnNZwkEjCCMADW5Am4tplqSVy6jAEZqTZaOx"
    "D88Pke4rxL6XRq78p/1x5er7yEqh5S9eiaJUbKAS5DFnKAEHoTXF/iNx0SWELdqEHzFDDb"
    "NDWmMgUQMPKnJPoWPSk1LD+7HKvg0hyzacW8y1LNeotokDB3rtGhxsZQW8hqmI4EBWjBO7"
    "WjYD+dCm4EveMTjfv+mgNdLbj7PdUllNf9bkXy+3syrx7eQT++JSXeRqP3khX/3TDq9aZR"
    "q19cnjeazfPLWmSCs01FBrl981GY45RNWJ4735Mkw85XJyRunEvnFw42r7DvLk9qWS1G3V"
    "K5g1Bge5n2rd3LGLVVUu21/Ex7Tb6XmfB5lUE35K/AXQFcB8wxBQp8/3zo3anxTYjIBxOy"
    "mPafhpG3j6d9AbQCjNRpFEJ6dNv6KqN91e215WNGvKAtQR96g6UK/9JClZUNrGwmAs3AnM"
    "X4A3UhGpHPcO5DfcMHBYilumLI1pHuGcR5kRMnu+Ap8rwl7eII8HlDtjhvWw9XreuO/pIf"
    "228yDEtGroogTAps80MwR2Jca6lvKtoRIzQncP62cOe9xDobqwD2/5bwHkL+A/QezmqruA"
    "+cK9d/8NvSVixS8wzGyyqsk5LvHu1MlbVoKFNmrViaqqwtf6kOt6zttQVtVSlb+ZIB8BMg"
    "PnWEEVMcgH34nGO8ZblDwLpoC3W+9ovDp2gHdXt3H0N2OaaqwqcqfDrg8ClZNqOsQHhlpu"
    "96bUWbOwH6RrN9MmzFoWaI7ErhZlTJuO6YUwpp/W7kmFPNdSK+qBFD9fVVfJrk8p+PVYC6"
    "zQC1bFnsmgpid3S7r/zxWKS20hlJKYaA5H0+FklJ6A242KZAC5V1u6C1e71uyudq38hO1V"
    "+37Q4PNH0HjDMhlkoMp790dEuDnZDaItgRZW/RTpqMUgduVrDyb5f7t5JdfKOPe5gFVrKf"
    "m9W0XUoVtKCLrLHKdQtaCj02EPNU/wZkn/Z4kY+VW8qUfx2WX8t0CJfTG/mPCGJTlUA4YD"
    "9AdDeSaOE9MqgyUvmVGgmRqlKjZKVGiZr29Ruzl/8BGBD+Sg=="
)
