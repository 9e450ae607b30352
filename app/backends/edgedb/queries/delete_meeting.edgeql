# The meeting's participants and their days go with it (the schema's deletion policies).
# Given $if_version, only a meeting at that version is deleted; the answer is empty otherwise.
select (
    delete Meeting
    filter .url_code = <str>$url_code and .version = (<optional int64>$if_version ?? .version)
) { url_code }
