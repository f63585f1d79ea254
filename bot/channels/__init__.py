"""The channels: thin adapters between one messenger and the channel-neutral core (bot/ and bot/storage/)."""
