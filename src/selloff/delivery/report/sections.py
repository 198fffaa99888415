"""The report's outline: its sections in order, and which paragraph, table and chart each one shows.

The chain for the headline scenario; what the projection rests on (each input's data-to date); who
holds Treasuries; the scenarios; yields; bond prices and
mark-to-market losses; the interest bill; budget shares; the policy levers; the rate sensitivity beside
published rules of thumb; the binding CBO baseline check; Appendix A (calibration) and Appendix B
(assumptions). Per-scenario tables come one per scenario, the headline's open and the others collapsed
(``<details>``) in HTML. The words are in :mod:`~selloff.delivery.report.prose`, the tables' columns in
:mod:`~selloff.delivery.report.results_tables` and :mod:`~selloff.delivery.report.appendix_tables`, the
charts in :mod:`~selloff.delivery.report.figures`. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from selloff.delivery.report import prose
from selloff.delivery.report.blocks import Block, Chart, Group, RenderedTable, Section
from selloff.delivery.report.formatting import render_table
from selloff.delivery.report.tables import Tables, for_scenario


def build_sections(
    tables: Tables,
    charts_: Mapping[str, Chart],
    holdings: pd.DataFrame,
    headline: str,
    order: Sequence[str],
    lineage: Mapping[str, object],
    baseline_title: str,
    baseline_sources: Mapping[str, str],
) -> tuple[Section, ...]:
    """Every section of the report, in order.

    Parameters
    ----------
    tables
        The report's tables as written and read back (frames and specs by name).
    charts_
        Every chart by name (:func:`~selloff.delivery.report.figures.make_charts`).
    holdings
        Treasury holdings by holder and date, $bn (the background paragraph states the latest).
    headline
        The scenario the chain follows; ``order`` is every scenario, the headline first.
    lineage
        The row of ``report.lineage`` (calibration method, baseline name).
    baseline_title, baseline_sources
        The pinned baseline's title and sources (package data, for the assumptions).
    """
    scenarios = tables.frames["scenarios"]
    titles = {str(r.scenario): str(r.title) for r in scenarios.itertuples()}
    head_title = titles[headline]
    sections = [
        Section("summary", f"The chain: {head_title}", prose.chain(tables, headline, lineage)),
        Section(
            "inputs",
            "What the projection rests on",
            (prose.inputs_paragraph(tables.frames["inputs"]), _table(tables, "inputs")),
        ),
        Section(
            "background",
            "Who holds Treasuries, and what yields have done",
            (
                prose.holdings_paragraph(holdings),
                charts_["holdings_history"],
                prose.tic_valuation_note(),
                charts_["yields_history"],
            ),
        ),
        Section(
            "scenarios",
            "Scenarios",
            (_table(tables, "scenarios"), *prose.scenario_warnings(scenarios, order)),
        ),
        Section(
            "yields",
            "Yields: how far, at which maturities, for how long",
            (
                charts_["headline_10y_fan"],
                *_per_scenario(tables, "yield_changes", order, titles, headline),
                charts_["all_10y_fans"],
            ),
        ),
        Section(
            "prices",
            "Bond prices and mark-to-market losses",
            (
                _table(tables, "price_yield"),
                *_per_scenario(tables, "price_changes", order, titles, headline),
                _table(tables, "mtm_losses"),
            ),
        ),
        Section(
            "interest",
            "The interest bill: extra net interest by fiscal year",
            (
                charts_["headline_interest_fan"],
                charts_["headline_decomposition"],
                _table(tables, "ten_year_totals"),
                *_per_scenario(tables, "fiscal_annual", order, titles, headline),
                charts_["all_interest_fans"],
            ),
        ),
        Section(
            "budget",
            "Budget shares: interest against GDP, revenues and outlays; debt",
            _per_scenario(tables, "budget_shares", order, titles, headline),
        ),
        Section(
            "mitigations",
            "What policy can do",
            (prose.mitigations_intro(), _table(tables, "mitigations")),
        ),
        Section(
            "sensitivity",
            "Sensitivity: all rates higher, beside published rules of thumb",
            (
                prose.sensitivity_text(tables),
                _table(tables, "rules_of_thumb"),
                _table(tables, "rate_sensitivity"),
            ),
        ),
        Section(
            "baseline-check",
            "Binding checks against CBO's baseline",
            (prose.baseline_text(tables), _table(tables, "baseline_check")),
        ),
        Section("calibration", "Appendix A — Calibration", _calibration(tables, charts_, lineage)),
        Section(
            "assumptions",
            "Appendix B — Assumptions",
            _assumptions(tables, lineage, baseline_title, baseline_sources),
        ),
    ]
    return tuple(sections)


def _calibration(
    tables: Tables, charts_: Mapping[str, Chart], lineage: Mapping[str, object]
) -> tuple[Block, ...]:
    return (
        prose.calibration_method(str(lineage["calibration_method"])),
        prose.honesty_paragraph(tables, lineage),
        _table(tables, "price_impact"),
        charts_["designs_forest_10y"],
        _table(tables, "calibration_designs"),
        _table(tables, "persistence"),
        charts_["irf_by_tenor"],
        _table(tables, "impulse_responses"),
        charts_["irf_10y_methods"],
        charts_["d_sensitivity"],
        _table(tables, "d_sensitivity"),
        charts_["rolling_10y"],
        _table(tables, "stability"),
        _table(tables, "diagnostics"),
        prose.episodes_intro(),
        _table(tables, "episodes"),
    )


def _assumptions(
    tables: Tables, lineage: Mapping[str, object], baseline_title: str, baseline_sources: Mapping[str, str]
) -> tuple[Block, ...]:
    return (
        prose.fiscal_baseline(lineage, baseline_title),
        prose.baseline_sources(baseline_sources),
        _table(tables, "maturity_profile"),
        _table(tables, "debt_facts"),
        prose.holdings_maturity_note(),
        _table(tables, "scenario_settings"),
        _table(tables, "run_settings"),
        _table(tables, "coverage"),
    )


def _per_scenario(
    tables: Tables, name: str, order: Sequence[str], titles: Mapping[str, str], headline: str
) -> tuple[Block, ...]:
    """One table per scenario (the headline open, the others collapsed in HTML)."""
    spec, frame = tables.specs[name], tables.frames[name]
    blocks: list[Block] = []
    for scenario in order:
        table = render_table(spec, for_scenario(frame, scenario), title=f"{spec.title} — {titles[scenario]}")
        blocks.append(
            Group(title=f"{titles[scenario]} ({scenario})", blocks=(table,), open=scenario == headline)
        )
    return tuple(blocks)


def _table(tables: Tables, name: str) -> RenderedTable:
    return render_table(tables.specs[name], tables.frames[name])
