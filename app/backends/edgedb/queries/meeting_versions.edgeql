select Meeting { url_code, version }
filter .url_code in array_unpack(<array<str>>$url_codes)
