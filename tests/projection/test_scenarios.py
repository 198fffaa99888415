"""Scenario files: validation errors name the field; the bundled scenarios parse and resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from selloff.projection import scenarios
from selloff.projection.holdings import TicHoldings
from selloff.projection.scenarios import ScenarioError, parse_scenario


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ('[sale]\nseller = "Japan"\namount_usd_bn = -5.0', "sale.amount_usd_bn"),
        ('[sale]\nseller = "Japan"\nshare_of_holdings = 1.5', "sale.share_of_holdings"),
        ('[sale]\nseller = "Japan"\namount_usd_bn = 10.0\nbills_share = -0.1', "sale.bills_share"),
        ('[sale]\nseller = "Japan"\namount_usd_bn = nan', "sale.amount_usd_bn"),
        ('[sale]\nseller = "Japan"\namount_usd_bn = inf', "sale.amount_usd_bn"),
        ('[sale]\nseller = "Japan"\namount_usd_bn = 10.0\npace_months = 0', "sale.pace_months"),
        ('[sale]\nseller = "Japan"', "sale"),
        ('[sale]\nseller = "Narnia"\namount_usd_bn = 10.0', "sale.seller"),
        ("horizon_months = 0", "horizon_months"),
        ("[fed]\nabsorption_share = 1.2", "fed.absorption_share"),
        ('[fed]\npolicy_passthrough = { "15y" = 0.5 }', "fed.policy_passthrough.15y"),
        ('[confidence]\ntenor_weights = { "7y" = 1.0 }', "confidence.tenor_weights.7y"),
        ("[fed]\npolicy_change_months = [0, 3]\npolicy_change_bp = [-100.0]", "fed"),
        ("bogus = 1", "bogus"),
        ('persistence = "forever"', "persistence"),
        ("[shock]\nparallel_bp = 1e300", "shock.parallel_bp"),
        ("[fed]\npolicy_change_months = [0]\npolicy_change_bp = [-1e9]", "fed.policy_change_bp.0"),
        ("seed = 18446744073709551616", "seed"),
        ("[fiscal]\nstart_fy = -5", "fiscal.start_fy"),
    ],
)
def test_validation_errors_name_the_field(toml: str, field: str) -> None:
    text = f'name = "bad"\ntitle = "bad"\n{toml}\n'
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, known_sellers={"Japan", "China, Mainland"})
    assert info.value.field == field
    assert f"scenario 'bad': {field}:" in str(info.value)


def test_invalid_toml_is_a_scenario_error() -> None:
    with pytest.raises(ScenarioError, match="not valid TOML"):
        parse_scenario("name = ", source="x.toml")


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes('name = "caf\u00e9"\n'.encode("latin-1"))
    with pytest.raises(ScenarioError, match=r"latin1.toml is not UTF-8 text \(byte 11\)"):
        scenarios.load_scenario(path)


def test_unknown_seller_lists_the_known_ones_unambiguously() -> None:
    with pytest.raises(ScenarioError, match="known: 'China, Mainland'; 'Japan'"):
        parse_scenario(
            'name = "x"\ntitle = "x"\n[sale]\nseller = "Narnia"\namount_usd_bn = 1.0',
            known_sellers={"Japan", "China, Mainland"},
        )


def test_bundled_scenarios_parse(holdings: TicHoldings) -> None:
    bundled = scenarios.bundled_scenarios()
    assert set(bundled) == {
        "japan-full-dump", "japan-gradual", "japan-dump-fed-qe", "japan-mof-intervention", "china-dump",
        "japan-china-joint", "rates-plus-100bp",
    }  # fmt: skip
    for name, path in bundled.items():
        sc = scenarios.load_scenario(path, known_sellers=holdings.sellers)
        assert sc.name == name
    assert scenarios.resolve_scenario("japan-full-dump").label == "upper-bound stress"
    assert scenarios.resolve_scenario("japan-gradual").sale is not None


# --------------------------------------------------------------------------------------------------
# every error of a file at once, each with its field and line (issue 13 §1; issue 12 D11)
# --------------------------------------------------------------------------------------------------

D11 = """\
name = "bad"
title = "The adversarial review's values"
[sale]
seller = "Narnia"
amount_usd_bn = true
pace_months = 1e15
start_month = 1e12
[baseline]
rate_shift_bp = 1e300
"""


def test_a_bad_file_lists_all_its_errors_with_fields_and_lines() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(D11, source="bad.toml", known_sellers={"Japan", "China, Mainland"})
    found = {(e.field, e.line) for e in info.value.errors}
    assert found == {
        ("sale.seller", 4),
        ("sale.amount_usd_bn", 5),
        ("sale.pace_months", 6),
        ("sale.start_month", 7),
        ("baseline.rate_shift_bp", 9),
    }
    message = str(info.value)
    assert message.startswith("scenario 'bad': 5 errors: ")
    assert "\n" not in message
    assert "sale.amount_usd_bn: must be a valid number, got True (line 5)" in message
    assert "sale.pace_months: must be a valid integer, got 1000000000000000.0 (line 6)" in message
    assert "baseline.rate_shift_bp: must be less than or equal to 2000, got 1e+300 (line 9)" in message
    assert "unknown seller 'Narnia'" in message


def test_true_is_not_one_billion_dollars() -> None:
    text = 'name = "t"\ntitle = "t"\n[sale]\nseller = "Japan"\namount_usd_bn = true\n'
    with pytest.raises(
        ScenarioError, match=r"sale\.amount_usd_bn: must be a valid number, got True \(line 5\)"
    ):
        parse_scenario(text)
    assert parse_scenario(text.replace("true", "1")).sale.amount_usd_bn == 1.0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("toml", "field"),
    [
        ('[sale]\nseller = "Japan"\namount_usd_bn = 1.0\nstart_month = 1000000000000', "sale.start_month"),
        ('[sale]\nseller = "Japan"\namount_usd_bn = 1.0\npace_months = 1000000000000000', "sale.pace_months"),
        ('[sale]\nseller = "Japan"\namount_usd_bn = 1e12', "sale.amount_usd_bn"),
        ("[shock]\nstart_month = 99999", "shock.start_month"),
        ("[issuance]\nbuyback_months = 5000", "issuance.buyback_months"),
        ("[issuance]\nbuyback_usd_bn_per_month = 1e200", "issuance.buyback_usd_bn_per_month"),
        ("[fiscal]\nramp_years = 1000000", "fiscal.ramp_years"),
        ("horizon_months = 1200000", "horizon_months"),
        ("[baseline]\nrate_shift_bp = -1e300", "baseline.rate_shift_bp"),
        ("seed = 1e20", "seed"),
        ("[confidence]\nenabled = 1", "confidence.enabled"),
    ],
)
def test_numbers_beyond_any_use_are_refused(toml: str, field: str) -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(f'name = "bad"\ntitle = "bad"\n{toml}\n')
    assert [e.field for e in info.value.errors] == [field]
    assert info.value.errors[0].line == 3 + toml.count("\n")


def test_a_sale_starting_after_the_horizon_is_refused() -> None:
    text = (
        'name = "t"\ntitle = "t"\nhorizon_months = 24\n'
        '[sale]\nseller = "Japan"\namount_usd_bn = 1.0\nstart_month = 24\n'
    )
    with pytest.raises(
        ScenarioError, match=r"sale\.start_month: must be less than horizon_months \(24\).*\(line 7\)"
    ):
        parse_scenario(text)
    assert parse_scenario(text.replace("start_month = 24", "start_month = 23")).sale is not None


def test_deeply_nested_toml_is_one_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text('name = "x"\ntitle = "x"\nbogus = ' + "[" * 2000 + "]" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(
        ScenarioError, match=r"deep\.toml: arrays or tables nested 2000 deep; at most 16 allowed"
    ):
        scenarios.load_scenario(path)


def test_a_seller_of_the_wrong_type_is_one_error() -> None:
    with pytest.raises(ScenarioError) as info:
        parse_scenario('name = "t"\ntitle = "t"\n[sale]\nseller = 5\namount_usd_bn = 1.0\n')
    assert [(e.field, e.message) for e in info.value.errors] == [
        ("sale.seller", "must be a TIC country name, or a list of them, got 5")
    ]
