"""Business actions, one function per action, for every channel alike.

Each takes plain values (ids, text, the catalogue values it needs, the moment `now`), runs the rules in
one transaction through the repositories of bot/storage/, and returns a frozen value saying what
happened, including whom to tell (`bot.notify.Notice`s). A channel parses its input, calls the action,
hands the notices to the notifier and renders the outcome for the person talking; it decides nothing.
"""
