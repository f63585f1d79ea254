"""The shipped catalogues agree with each other."""

from __future__ import annotations

from bot.catalogues import Catalogues
from tests.conftest import REPO_ROOT


def test_the_shipped_gift_pack_names_a_shipped_station() -> None:
    loaded = Catalogues.load(REPO_ROOT / "data" / "stations.yaml")
    packs = [reward for reward in loaded.rewards if reward.gift_pack_at is not None]
    assert packs and all(reward.gift_pack_at in loaded.stations.by_id for reward in packs)
