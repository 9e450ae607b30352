# Dates come as ISO text: EdgeDB 3.6 refuses 9999-12-31 as a binary date argument.
# Deletes up to $limit meetings whose expiry date is $today or earlier, with their participants
# and days (the schema's deletion policies), and answers their codes.
select (
    delete (
        select Meeting
        filter .expires_on <= <cal::local_date><str>$today
        order by .expires_on
        limit <int64>$limit
    )
).url_code
