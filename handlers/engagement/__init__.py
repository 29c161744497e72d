"""What the GP Update and the meetings share: scheduled posts, cron and recurrence rules, sweep."""
