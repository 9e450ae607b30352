select (select Meeting filter .url_code = <str>$url_code).version
