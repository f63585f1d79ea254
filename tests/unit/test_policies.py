"""The policy desk's catalogue and search (bot/policies.py): what a courier types finds the right answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.policies import load_policies
from bot.stations import StationsFileError

DESK = load_policies()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("高温津贴怎么算", "heat-allowance"),
        ("天太热了有防暑降温费吗", "heat-allowance"),
        ("送单摔伤了算工伤吗", "occupational-injury"),
        ("职业伤害保障怎么申请", "occupational-injury"),
        ("没有劳动合同能交社保吗", "social-insurance"),
        ("醫保怎麼交", "social-insurance"),  # traditional characters are folded to simplified
        ("被平台乱罚款怎么办", "delivery-rules"),
        ("电动车要戴头盔吗", "ebike-rules"),
        ("老板拖欠工资找谁", "where-to-get-help"),
        ("heat allowance", "heat-allowance"),
        ("can I get social insurence?", "social-insurance"),  # a typo still lands
        ("I was injured in an accident", "occupational-injury"),
    ],
)
def test_a_typed_question_finds_its_answer_first(question: str, expected: str) -> None:
    assert DESK.search(question)[0].id == expected


def test_a_text_about_nothing_on_the_desk_finds_nothing() -> None:
    assert DESK.search("今天天气不错") == []
    assert DESK.search("hello there") == []


def test_a_specific_phrase_outweighs_a_loose_word() -> None:
    """受伤 alone is injury; 高温津贴 with 受伤 is still mostly about the allowance's longer phrase."""
    found = [policy.id for policy in DESK.search("高温津贴 受伤")]
    assert found[:2] == ["heat-allowance", "occupational-injury"]


def test_every_answer_names_its_source_and_date_in_both_languages() -> None:
    for policy in DESK:
        assert policy.source.zh and policy.source.en and policy.date.year >= 2000


def test_a_broken_file_is_one_line_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "policies.yaml"
    broken.write_text("policies:\n  - id: x\n    question: {zh: 问}\n", encoding="utf-8")
    with pytest.raises(StationsFileError) as raised:
        load_policies(broken)
    assert str(broken) in str(raised.value) and "\n" not in str(raised.value)


def test_a_duplicate_id_is_refused(tmp_path: Path) -> None:
    entry = (
        "  - id: same\n    question: {zh: 问, en: q}\n    answer: {zh: 答, en: a}\n"
        "    keywords: {zh: [问], en: [q]}\n    source: {zh: 源, en: s}\n    date: 2020-01-01\n"
    )
    doubled = tmp_path / "policies.yaml"
    doubled.write_text("policies:\n" + entry + entry, encoding="utf-8")
    with pytest.raises(StationsFileError, match="duplicate id"):
        load_policies(doubled)
