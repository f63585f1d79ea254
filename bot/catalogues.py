"""The data catalogues the bot serves from, loaded and checked once when the application is built.

Stations, volunteer activities, rewards, report categories with their departments and the policy desk's
answers live in data/*.yaml.
Each is validated at start, so a broken file stops start-up with one line that names it (exit code 2)
instead of failing the first courier who opens /rewards; and nothing is cached in a module global.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.points import ActivityCatalogue, RewardCatalogue, load_activities, load_rewards
from bot.policies import PolicyDesk, load_policies
from bot.reports import ReportCatalogue, load_catalogue
from bot.stations import StationCatalogue, load_stations


@dataclass(frozen=True, slots=True)
class Catalogues:
    stations: StationCatalogue
    activities: ActivityCatalogue
    rewards: RewardCatalogue
    reports: ReportCatalogue
    policies: PolicyDesk

    @classmethod
    def load(cls, stations_file: Path) -> Catalogues:
        """Each loader raises StationsFileError (or a subclass) with one line for the operator."""
        return cls(
            load_stations(stations_file), load_activities(), load_rewards(), load_catalogue(), load_policies()
        )
