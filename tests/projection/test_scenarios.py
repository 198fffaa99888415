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
        ("horizon_months = 18", "horizon_months"),
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
