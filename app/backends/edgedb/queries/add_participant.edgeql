with
    meeting := (
        update Meeting filter .url_code = <str>$url_code set { version := .version + 1 }
    ),
    participant := (
        insert Participant {
            meeting := meeting,
            name := <str>$name,
        }
    ),
    days := (
        for day in array_unpack(<array<cal::local_date>>$days) union (
            insert ParticipantDate {
                participant := participant,
                date := day,
                enabled := <bool>$new_day_enabled,
                starred := <bool>$new_day_starred,
            }
        )
    ),
select participant { id, days := count(days) }
