"""The success label: the rule docs/success.md documents, as data and as a function."""

from datetime import UTC, date, datetime

import pytest

from cinelake.domain.success import (
    DEFAULT_RULE,
    SuccessRule,
    final_success_label,
    log_roi,
    roi,
    run_over,
    success_label,
)

pytestmark = pytest.mark.unit

DOCUMENTED_RULE = {
    "name": "roi_at_least_2.5",
    "roi_min": 2.5,
    "requires": ["budget", "revenue"],
    "money_min": 1000,
    "status": "Released",
    "fetched_days_after_release": 180,
    "unknown": "a movie whose label is unknown is left out of training and evaluation",
}


def test_the_rule_serialises_to_the_documented_definition():
    # GIVEN the rule the model is trained with
    # WHEN it is written into the model card
    # THEN it reads exactly as docs/success.md states it, and reads back to the same rule
    assert DEFAULT_RULE.model_dump(mode="json") == DOCUMENTED_RULE
    assert SuccessRule.model_validate_json(DEFAULT_RULE.model_dump_json()) == DEFAULT_RULE


@pytest.mark.parametrize(
    ("status", "budget", "revenue", "expected", "why"),
    [
        ("Released", 10_000_000, 25_000_000, True, "ROI exactly 2.5 succeeds"),
        ("Released", 10_000_000, 24_999_999, False, "just below 2.5 does not"),
        ("Released", 10_000_000, 100_000_000, True, "a hit"),
        ("Released", 10_000_000, 2_000_000, False, "a flop"),
        ("Released", 1_000, 2_500, True, "the smallest plausible budget and revenue count"),
        ("Released", 999, 1_000_000, None, "a budget below $1,000 was entered in millions: unknown"),
        ("Released", 4_000_000, 7, None, "a revenue below $1,000 is a placeholder: unknown"),
        ("Released", None, 25_000_000, None, "unknown budget"),
        ("Released", 10_000_000, None, None, "unknown revenue"),
        ("Post Production", 10_000_000, 50_000_000, None, "not released yet"),
        ("Rumored", 10_000_000, 50_000_000, None, "not released"),
        (None, 10_000_000, 50_000_000, None, "no status"),
    ],
)
def test_the_label_follows_the_documented_rule(status, budget, revenue, expected, why):
    # GIVEN a movie's status and money WHEN it is labelled THEN the label is the documented one
    assert success_label(status, budget, revenue) is expected, why


def test_the_rule_is_data_that_changes_the_labels():
    # GIVEN a stricter and a looser rule
    strict = SuccessRule(roi_min=5)
    loose = SuccessRule(roi_min=1, money_min=1)
    # WHEN the same movies are labelled
    # THEN the labels follow the rule, not constants in the code
    assert success_label("Released", 10_000_000, 30_000_000, strict) is False
    assert success_label("Released", 10_000_000, 30_000_000) is True
    assert success_label("Released", 5, 6, loose) is True
    assert success_label("Released", 5, 6) is None


def test_roi_and_log_roi_are_unknown_where_the_label_is():
    # GIVEN plausible and implausible money WHEN ROI is computed THEN it is None exactly where money is unknown
    assert roi(10_000_000, 25_000_000) == pytest.approx(2.5)
    assert log_roi(10_000_000, 10_000_000) == pytest.approx(0.0)
    assert roi(500, 25_000_000) is None
    assert log_roi(None, 25_000_000) is None


RELEASED = date(2025, 1, 10)


@pytest.mark.parametrize(
    ("fetched_at", "expected", "why"),
    [
        (datetime(2025, 7, 9, tzinfo=UTC), True, "180 days after the release: the run is over"),
        (datetime(2025, 7, 8, 23, 59, tzinfo=UTC), False, "179 days after: still in cinemas, perhaps"),
        (datetime(2025, 4, 10, tzinfo=UTC), False, "read three months after the release, as the popular 10k was"),
        (date(2026, 2, 1), True, "a date works as well as a time"),
        (None, True, "a record with no fetch time (made by hand) counts as final"),
    ],
)
def test_a_label_waits_for_the_end_of_the_run(fetched_at, expected, why):
    # GIVEN a hit released on 2025-01-10 WHEN its record was read at different times after the release
    label = final_success_label("Released", 10_000_000, 90_000_000, RELEASED, fetched_at)
    # THEN it is labelled only if the record was read at least 180 days after the release
    assert run_over(RELEASED, fetched_at) is expected, why
    assert label is (True if expected else None), why


def test_the_cut_off_is_a_parameter_of_the_rule():
    # GIVEN a film read 100 days after its release
    fetched = datetime(2025, 4, 20, tzinfo=UTC)
    # WHEN the rule asks for 90 days, or for none THEN it is labelled; with the default 180 it is not
    assert final_success_label("Released", 10_000_000, 90_000_000, RELEASED, fetched, SuccessRule()) is None
    assert (
        final_success_label(
            "Released", 10_000_000, 90_000_000, RELEASED, fetched, SuccessRule(fetched_days_after_release=90)
        )
        is True
    )
    assert run_over(RELEASED, fetched, SuccessRule(fetched_days_after_release=0))
    # AND a film with no release date is never known to have finished its run
    assert not run_over(None, fetched)
