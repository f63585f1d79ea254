"""The catalogues load together, and a reference from one to another that points nowhere stops start-up."""

from __future__ import annotations

import pytest

from bot import catalogues
from bot.points import RewardCatalogue, load_rewards
from bot.stations import StationsFileError
from tests.conftest import REPO_ROOT

STATIONS = REPO_ROOT / "data" / "stations.yaml"


def test_the_shipped_gift_pack_names_a_station() -> None:
    loaded = catalogues.Catalogues.load(STATIONS)
    packs = [reward for reward in loaded.rewards if reward.gift_pack_at is not None]
    assert packs and all(reward.gift_pack_at in loaded.stations.by_id for reward in packs)


def test_a_gift_pack_at_an_unknown_station_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = load_rewards()
    wrong = shipped.rewards[0].model_copy(update={"gift_pack_at": "no-such-station"})
    monkeypatch.setattr(catalogues, "load_rewards", lambda: RewardCatalogue((wrong,)))
    with pytest.raises(StationsFileError) as raised:
        catalogues.Catalogues.load(STATIONS)
    assert "rewards.yaml" in str(raised.value) and "'no-such-station' is not a station" in str(raised.value)
