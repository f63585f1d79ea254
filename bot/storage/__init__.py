"""All SQL of the bot, behind one object; handlers and domain code never see a statement.

The store is split into one repository per feature (users, state, ...) over one shared
`Database`, so features can grow without one file holding every query.
"""

from __future__ import annotations

from pathlib import Path

from bot.storage.broadcast import OutboxRepository
from bot.storage.consultations import ConsultationRepository
from bot.storage.database import Database, open_database
from bot.storage.events import EventRepository
from bot.storage.heat import HeatRepository
from bot.storage.jobs import JobRunRepository
from bot.storage.points import PointsRepository
from bot.storage.policy_questions import PolicyQuestionRepository
from bot.storage.privacy import PrivacyRepository
from bot.storage.reports import ReportRepository
from bot.storage.state import StateRepository
from bot.storage.stations import StationRepository
from bot.storage.stats import StatsRepository
from bot.storage.updates import UpdateRepository
from bot.storage.users import UserRepository
from bot.storage.volunteer import VolunteerRepository
from bot.storage.wechat import WeChatRepository


class Storage:
    def __init__(self, target: Path | str) -> None:
        """`target`: a SQLite file, or a `postgresql://` URL (BOT_DATABASE)."""
        self.db = open_database(target)
        self.users = UserRepository(self.db)
        self.state = StateRepository(self.db)
        self.points = PointsRepository(self.db)
        self.volunteer = VolunteerRepository(self.db)
        self.reports = ReportRepository(self.db)
        self.heat = HeatRepository(self.db)
        self.outbox = OutboxRepository(self.db)
        self.stats = StatsRepository(self.db)
        self.updates = UpdateRepository(self.db)
        self.privacy = PrivacyRepository(self.db)
        self.consultations = ConsultationRepository(self.db)
        self.stations = StationRepository(self.db)
        self.policy_questions = PolicyQuestionRepository(self.db)
        self.wechat = WeChatRepository(self.db)
        self.events = EventRepository(self.db)
        self.jobs = JobRunRepository(self.db)

    async def open(self) -> None:
        await self.db.open()

    async def close(self) -> None:
        await self.db.close()


__all__ = ["Database", "Storage"]
