"""The free-text router: how long one decision takes, over the phrasing table of the tests.

Each decision is timed cold (the router's cache cleared first) and includes the gazetteer lookup that
tells a place name from noise. The baseline, timed in the same run on the same texts, is one rapidfuzz
`extractOne` of the text against the router's Chinese vocabulary: `ratio` says how many such single fuzzy
lookups one full decision costs.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from bot.config import DATA_DIR
from bot.intent import classify, understand
from bot.places import Gazetteer
from bot.stations import load_stations

TABLE = Path(__file__).resolve().parent.parent / "tests" / "unit" / "intent_phrasings.yaml"
ROUNDS = 20
BUDGET_MS = 5.0
# The router's Chinese words, for the baseline lookup.
VOCABULARY = ["驿站", "积分", "兑换", "志愿", "举报", "高温", "帮助", "你好", "谢谢", "取消", "充电", "喝水"]


def _p99(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100)[98]


def run() -> None:
    texts = [str(text) for text, _ in yaml.safe_load(TABLE.read_text(encoding="utf-8"))]
    gazetteer = Gazetteer.load(DATA_DIR / "places.yaml", load_stations(DATA_DIR / "stations.yaml"))

    def names_place(text: str) -> bool:
        return gazetteer.find(text) is not None

    for text in texts:  # one pass first: cn2an loads on the first number read (about 0.2 s, once)
        classify(text, names_place)
    router_ms: list[float] = []
    baseline_ms: list[float] = []
    for _ in range(ROUNDS):
        for text in texts:
            understand.cache_clear()
            start = time.perf_counter()
            classify(text, names_place)
            router_ms.append((time.perf_counter() - start) * 1000.0)
            start = time.perf_counter()
            process.extractOne(text, VOCABULARY, scorer=fuzz.partial_ratio)
            baseline_ms.append((time.perf_counter() - start) * 1000.0)
    p99, base_p99 = _p99(router_ms), _p99(baseline_ms)
    print(f"\nintent router over {len(texts)} phrasings x {ROUNDS} rounds (cold cache, with place lookup)")
    p50 = statistics.median(router_ms)
    print(f"  router p50 {p50:.3f} ms  p99 {p99:.3f} ms  max {max(router_ms):.3f} ms")
    print(f"  baseline (one rapidfuzz extractOne) p99 {base_p99:.4f} ms")
    print(
        f"BENCH intent p99_ms={p99:.3f} p50_ms={p50:.3f} "
        f"baseline_p99_ms={base_p99:.4f} ratio={p99 / base_p99:.0f} under_5ms={str(p99 < BUDGET_MS).lower()}"
    )
