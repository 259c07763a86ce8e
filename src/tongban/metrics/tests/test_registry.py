"""Each metric on hand-made counts, with the expected value worked out by hand (pure Python)."""

from decimal import Decimal

from tongban.metrics.registry import METRICS, ON_TIME_RATE, ONE_WINDOW_RATE, ONLINE_RATE


def test_seven_of_ten_online_is_seventy_percent_and_meets_the_target():
    value = ONLINE_RATE.value({"submitted": 10, "online_submitted": 7})
    assert value == Decimal("70.0")  # 7 / 10 = 70.0 %
    assert ONLINE_RATE.meets(value) is True


def test_just_below_the_target_is_behind_never_rounded_up():
    # 699 / 1000 = 69.9 %; 6999 / 10000 = 69.99 % is cut to 69.9 %, not rounded to 70.0 %
    assert ONLINE_RATE.value({"submitted": 1000, "online_submitted": 699}) == Decimal("69.9")
    cut = ONLINE_RATE.value({"submitted": 10000, "online_submitted": 6999})
    assert cut == Decimal("69.9") and ONLINE_RATE.meets(cut) is False


def test_on_time_rate_counts_only_completed_cases_with_a_deadline():
    # 20 completed, 19 of them with a due date, 18 of those on time: 18 / 19 = 94.736… → 94.7 %
    counts = {"completed": 20, "completed_timed": 19, "completed_on_time": 18}
    assert ON_TIME_RATE.value(counts) == Decimal("94.7")
    assert ON_TIME_RATE.meets(ON_TIME_RATE.value(counts)) is False
    assert ON_TIME_RATE.value({"completed_timed": 20, "completed_on_time": 19}) == Decimal("95.0")
    assert ON_TIME_RATE.meets(Decimal("95.0")) is True


def test_an_empty_period_has_no_value_and_no_verdict():
    for metric in METRICS:
        assert metric.value({}) is None
        assert metric.meets(None) is None


def test_every_metric_states_numerator_denominator_period_scope_and_target():
    for metric in METRICS:
        assert metric.numerator and metric.denominator and metric.period and metric.scope
        assert metric.direction in (">=", "<=") and metric.target > 0
    assert ONLINE_RATE.target_label == "≥70%" and ON_TIME_RATE.target_label == "≥95%"
    assert not ONE_WINDOW_RATE.computed and ONE_WINDOW_RATE.assumption  # defined, honestly not yet computed
