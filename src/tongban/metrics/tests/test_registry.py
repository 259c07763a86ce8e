"""Each metric on hand-made counts, with the expected value worked out by hand (pure Python)."""

from decimal import Decimal

from tongban.metrics.registry import BY_CODE, DIMENSIONS, METRICS, target_label

ONLINE, ON_TIME, ONE_WINDOW = BY_CODE["online_rate"], BY_CODE["on_time_rate"], BY_CODE["one_window_rate"]


def test_seven_of_ten_online_is_seventy_percent_and_meets_the_target():
    value = ONLINE.value({"submitted": 10, "online_submitted": 7})
    assert value == Decimal("70.0")  # 7 / 10 = 70.0 %
    assert ONLINE.meets(value, ONLINE.target) is True


def test_just_below_the_target_is_behind_never_rounded_up():
    # 699 / 1000 = 69.9 %; 6999 / 10000 = 69.99 % is cut to 69.9 %, not rounded to 70.0 %
    assert ONLINE.value({"submitted": 1000, "online_submitted": 699}) == Decimal("69.9")
    cut = ONLINE.value({"submitted": 10000, "online_submitted": 6999})
    assert cut == Decimal("69.9") and ONLINE.meets(cut, ONLINE.target) is False


def test_one_window_rate_counts_items_at_its_95_percent_boundary():
    # 000 第8条 counts 事项: 95 of 100 依申请 items taken in at every 综合窗口 = 95.0 % (meets);
    # 949 of 1000 = 94.9 % (behind)
    assert ONE_WINDOW.source == "catalog"
    at = ONE_WINDOW.value({"applied": 100, "general_window": 95})
    below = ONE_WINDOW.value({"applied": 1000, "general_window": 949})
    assert (at, below) == (Decimal("95.0"), Decimal("94.9"))
    assert ONE_WINDOW.meets(at, ONE_WINDOW.target) is True and ONE_WINDOW.meets(below, ONE_WINDOW.target) is False


def test_on_time_rate_counts_decisions_with_a_deadline():
    # 19 decisions with a due date, 18 of them on time: 18 / 19 = 94.736… → 94.7 %
    counts = {"completed": 20, "decided_timed": 19, "decided_on_time": 18}
    assert ON_TIME.value(counts) == Decimal("94.7")
    assert ON_TIME.meets(ON_TIME.value(counts), ON_TIME.target) is False
    assert ON_TIME.value({"decided_timed": 20, "decided_on_time": 19}) == Decimal("95.0")


def test_the_seeds_are_cited_by_their_own_titles_and_clauses():
    bases = {m.code: m.basis for m in METRICS}
    for basis in bases.values():
        assert "实施方案（种子" not in basis and "工作要点" not in basis  # titles no seed has
        if "种子文件 000" in basis:
            assert "临兰政发〔2022〕6号" in basis
        if "种子文件 001" in basis:
            assert "山政发〔2021〕7号" in basis
    assert "第8条" in bases["one_window_rate"] and "第15条" in bases["proof_free_rate"]
    assert "十四、3" in bases["online_capable_rate"] and "十四、10" in bases["general_window_rate"]
    # none of the seeds on file (000–003) sets the 99 %: the basis says where it comes from instead
    assert bases["startup_electronic_rate"].startswith("DOMAIN.md") and "000–003，均无此数" in bases[
        "startup_electronic_rate"]


def test_rectified_rate_must_be_a_full_hundred():
    rectified = BY_CODE["rectified_rate"]
    almost = rectified.value({"real_name_bad": 1000, "real_name_bad_rectified": 999})  # 99.9 %
    assert rectified.meets(almost, rectified.target) is False
    assert rectified.meets(rectified.value({"real_name_bad": 3, "real_name_bad_rectified": 3}), rectified.target)


def test_an_empty_period_has_no_value_and_no_verdict():
    for metric in METRICS:
        assert metric.value({}) is None
        assert metric.meets(None, metric.target) is None


def test_a_metric_without_a_target_gets_no_verdict():
    good = BY_CODE["good_rate"]
    assert good.target is None and good.meets(Decimal("12.0"), None) is None
    assert target_label(good, None) == "未设目标"


def test_every_metric_states_its_definition_and_where_its_target_comes_from():
    for metric in METRICS:
        assert metric.numerator and metric.denominator and metric.period and metric.scope and metric.basis
        assert metric.numerator_field != metric.denominator_field
        assert metric.source in DIMENSIONS
    assert target_label(ONLINE, ONLINE.target) == "≥70%" and target_label(ON_TIME, ON_TIME.target) == "≥95%"
    assert {m.code for m in METRICS} >= {"one_window_rate", "online_rate", "online_capable_rate",
                                         "fully_online_rate", "general_window_rate", "proof_free_rate",
                                         "startup_electronic_rate", "rectified_rate", "on_time_rate"}
