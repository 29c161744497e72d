"""The Senior Clinical Leaders meetings: series, occurrences, agenda, reminders and RSVPs."""
