"""Who may change what: the organiser's and each participant's token, checked before a change."""
