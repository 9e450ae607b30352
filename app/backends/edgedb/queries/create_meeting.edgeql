insert Meeting {
    url_code := <str>$url_code,
    title := <str>$title,
    location := <str>$location,
    start_date := <optional cal::local_date>$start_date,
    end_date := <optional cal::local_date>$end_date,
    admin_token_digest := <str>$admin_token_digest,
}
