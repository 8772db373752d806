"""Signals the follow-up app sends (receivers connect in their own AppConfig.ready())."""

from django.dispatch import Signal

# After each pass of `wangge worker` (kwargs: today, result): other apps hang their periodic steps here
# (the command centre refreshes today's figures).
worker_pass_done = Signal()
