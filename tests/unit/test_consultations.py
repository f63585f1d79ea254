"""Consultations: typed questions, counting, the respondent key, the export table and the chart."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.broadcast import Audience, AudienceKind
from bot.consultations import (
    Answer,
    Consultation,
    Question,
    QuestionError,
    QuestionResult,
    answer_table,
    chart_labels,
    chart_png,
    decode_questions,
    encode_questions,
    next_question,
    parse_question,
    respondent_key,
    tally,
)

CONSULTATION = Consultation(
    id=1,
    title="游园会",
    questions=(Question("孩子暑假谁照顾?", ("自己", "老人", "托管班")), Question("还需要什么?")),
    audience=Audience(AudienceKind.EVERYONE),
    created_by=7,
    created_at=datetime(2025, 7, 20, tzinfo=UTC),
    recipients=3,
)


def _answer(
    id_: int, question: int, option: int | None = None, text: str | None = None, user_id: int | None = None
) -> Answer:
    return Answer(id_, 1, question, option, text, user_id, "小王" if user_id else None, date(2025, 7, 20))


def test_the_first_line_is_the_question_and_further_lines_its_options() -> None:
    assert parse_question("孩子谁照顾?\n1. 自己\n2、老人\n- 托管班") == Question(
        "孩子谁照顾?", ("自己", "老人", "托管班")
    )
    assert parse_question("  还需要什么?  ") == Question("还需要什么?")


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "consult-question-empty"),
        ("问?\n只有一个", "consult-options-count"),
        ("问?\n" + "\n".join(str(n) + "x" for n in range(11)), "consult-options-count"),
        ("问?\n" + "长" * 101 + "\n短", "consult-option-length"),
        ("问" * 301, "consult-question-too-long"),
        ("问?\n一样\n一样", "consult-options-repeated"),
    ],
)
def test_telegram_poll_limits_apply_to_typed_questions(typed: str, key: str) -> None:
    with pytest.raises(QuestionError) as raised:
        parse_question(typed)
    assert raised.value.key == key


def test_questions_survive_their_json() -> None:
    assert decode_questions(encode_questions(CONSULTATION.questions)) == CONSULTATION.questions


def test_counts_per_option_texts_and_skips() -> None:
    answers = [
        _answer(1, 0, 1),
        _answer(2, 0, 1),
        _answer(3, 0, 2),
        _answer(4, 0, 9),
        _answer(5, 1, text="托管"),
        _answer(6, 1),
    ]
    choice, free = tally(CONSULTATION, answers)
    assert choice.counts == (0, 2, 1) and choice.answered == 3  # option 9 does not exist: not counted
    assert [answer.text for answer in free.texts] == ["托管"] and free.skipped == 1


def test_the_respondent_key_is_stable_per_consultation_and_differs_across() -> None:
    assert respondent_key("salt-a", 42) == respondent_key("salt-a", 42)
    assert respondent_key("salt-a", 42) != respondent_key("salt-b", 42)
    assert "42" not in respondent_key("salt-a", 42)


def test_the_next_question_is_the_first_unanswered() -> None:
    assert next_question(CONSULTATION, set()) == 0
    assert next_question(CONSULTATION, {0}) == 1
    assert next_question(CONSULTATION, {0, 1}) is None


def test_the_export_table_names_only_named_answers() -> None:
    header, rows = answer_table(
        CONSULTATION,
        [_answer(1, 0, 2, user_id=5), _answer(2, 1, text="更多饮水点"), _answer(3, 1)],
        lambda key: key,
    )
    assert header[0] == "consult-export-question"
    assert rows == [
        [1, "孩子暑假谁照顾?", "托管班", "小王", "2025-07-20"],
        [2, "还需要什么?", "更多饮水点", "consult-export-anonymous", "2025-07-20"],
        [2, "还需要什么?", "consult-export-skipped", "consult-export-anonymous", "2025-07-20"],
    ]


def test_the_chart_is_a_png_and_only_for_choice_questions() -> None:
    results = tally(CONSULTATION, [_answer(1, 0, 0)])
    chart = chart_png(results, font_lookup=lambda: None)
    assert chart is not None and chart.png.startswith(b"\x89PNG\r\n\x1a\n") and not chart.named
    assert chart_png(results[1:], font_lookup=lambda: None) is None


def test_with_a_font_for_chinese_the_chart_is_labelled_with_the_texts() -> None:
    """The lookup is a parameter: any font matplotlib ships stands in for a CJK one here (its missing
    glyphs draw as boxes, which this test does not look at)."""
    results = tally(CONSULTATION, [_answer(1, 0, 0)])
    chart = chart_png(results, font_lookup=lambda: "DejaVu Sans")
    assert chart is not None and chart.png.startswith(b"\x89PNG") and chart.named


def test_chart_labels_name_the_options_with_a_font_and_number_them_without() -> None:
    long_option = "公司统一安排的暑期托管班或者夏令营"
    result = QuestionResult(
        Question("孩子暑假谁照顾?这个问题有点长,图上只放得下开头部分", ("自己", "老人", long_option)),
        counts=(3, 1, 0),
        texts=(),
        skipped=0,
    )
    named = chart_labels(2, result, named=True)
    assert named.title == "Q2 孩子暑假谁照顾?这个问题有点长,图上只放得下开… (n=4)"
    assert named.options == ("自己", "老人", "公司统一安排的暑期托管…")
    numbered = chart_labels(2, result, named=False)
    assert numbered.title == "Q2 (n=4)" and numbered.options == ("1", "2", "3")
