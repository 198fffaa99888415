"""The report's words: every paragraph of running text, with its numbers read from the report's tables.

The chain for the headline scenario (sale → price fall → yield rise → interest cost → budget share, each
step with its p5–p95 band), the seed's arithmetic for scale, the honesty paragraph ("How sure is
this?", from the calibration's flags and blend weights), the scenarios' warnings, the background on who
holds Treasuries, the sensitivity and baseline-check text, the introductions of the policy levers and
the calibration appendix, the assumptions, and the subtitle. Which paragraph goes in which section is
:mod:`~selloff.delivery.report.sections`; the tables' own titles and notes are with their declarations.

Every number in the text is a :class:`~selloff.delivery.report.blocks.Num` made by
:func:`~selloff.delivery.report.formatting.num`: shown as the tables show it and carrying its unrounded
value and a stable ``data-figure`` name (``headline.<scenario>.<column>``, ``honesty.…``, ``seed.…``),
so a tool can check the text against the warehouse. Units and sign conventions as in the tables: $bn,
bp, %, fiscal years; a sale is positive and pushes yields up; a loss is positive. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from selloff.delivery.report.blocks import Block, Bullets, Num, Paragraph
from selloff.delivery.report.formatting import format_value, is_missing, num, paragraph
from selloff.delivery.report.tables import Fmt, Tables, for_scenario, one
from selloff.projection import bonds
from selloff.projection.holdings import HOLDINGS_MATURITY_YEARS


def subtitle(lineage: Mapping[str, object]) -> str:
    """The line under the title: projection run, data vintage and source, baseline, calibration method."""
    vintage = lineage.get("data_vintage")
    vintage_text = format_value(vintage, "date") if not is_missing(vintage) else "unknown"
    source = lineage.get("refresh_source") or "unknown"
    baseline = lineage.get("baseline") or "unknown"
    return (
        f"Projection {lineage['projection_run_id']} on data as of {vintage_text} (source: {source}), "
        f"baseline {baseline}, price impact: {lineage.get('calibration_method')} calibration."
    )


# --------------------------------------------------------------------------------------------------
# the chain for the headline scenario, with the seed's arithmetic and the honesty box
# --------------------------------------------------------------------------------------------------


def chain(tables: Tables, headline: str, lineage: Mapping[str, object]) -> tuple[Block, ...]:
    """The seed's chain for the headline scenario, every number with its band."""
    s = one(tables.frames["scenarios"], scenario=headline)
    price = one(tables.frames["price_changes"], scenario=headline, tenor="10y")
    all_foreign = one(tables.frames["mtm_losses"], scenario=headline, holder="all_foreign")
    sellers = for_scenario(tables.frames["mtm_losses"], headline)
    sellers = sellers.loc[sellers["holder"] == "seller_holdings"]
    y10 = one(tables.frames["yield_changes"], scenario=headline, tenor="10y")
    totals = one(tables.frames["ten_year_totals"], scenario=headline)
    last_fy = int(totals["last_fy"])
    last = one(tables.frames["fiscal_annual"], scenario=headline, fy=last_fy)
    h = f"headline.{headline}"

    def n(row: pd.Series, column: str, fmt: Fmt) -> Num:
        return num(row[column], fmt, f"{h}.{column}")

    steps = (
        paragraph(
            f"The sale: {s['title']}. That is $",
            n(s, "sale_usd_bn", "usd_bn"),
            "bn of Treasuries, ",
            n(s, "sale_pct_gdp", "pct"),
            "% of GDP and ",
            n(s, "sale_pct_marketable_debt", "pct"),
            "% of marketable debt; in interest-rate risk, as much as $",
            n(s, "sale_10y_eq_usd_bn", "usd_bn"),
            "bn of 10-year notes.",
        ),
        paragraph(
            "Sale → price fall. Other investors must take on that interest-rate risk, and prices fall until "
            "they will: at the worst point (",
            n(price, "trough_month", "month"),
            ") the price of a 10-year note is ",
            n(price, "trough_price_change_pct", "pct"),
            "% against the baseline path (p5–p95: ",
            n(price, "trough_price_change_pct_p5", "pct"),
            "% to ",
            n(price, "trough_price_change_pct_p95", "pct"),
            "%). All foreign holders lose $",
            n(all_foreign, "peak_loss_usd_bn", "usd_bn"),
            "bn in market value at the worst point (p5–p95: $",
            n(all_foreign, "peak_loss_usd_bn_p5", "usd_bn"),
            "bn to $",
            n(all_foreign, "peak_loss_usd_bn_p95", "usd_bn"),
            *(
                ("bn); the seller loses up to $", n(sellers.iloc[0], "peak_loss_usd_bn", "usd_bn"))
                if len(sellers) == 1
                else ("bn)",)
            ),
            "bn on what it has not yet sold." if len(sellers) == 1 else ".",
        ),
        paragraph(
            "Price fall → yield rise. The same coupons for a lower price are a higher yield: the 10-year "
            "yield peaks ",
            n(s, "peak_10y_bp", "bp"),
            " bp above the baseline (p5–p95 of the draws' peaks: ",
            n(s, "peak_10y_bp_p5", "bp"),
            " to ",
            n(s, "peak_10y_bp_p95", "bp"),
            " bp). ",
            n(s, "permanent_share_pct", "pct"),
            "% of the rise is permanent: ten years on, the 10-year yield is still ",
            n(y10, "year_10_bp", "bp"),
            " bp higher (p5–p95: ",
            n(y10, "year_10_bp_p5", "bp"),
            " to ",
            n(y10, "year_10_bp_p95", "bp"),
            " bp).",
        ),
        paragraph(
            "Yield rise → interest cost. Coupons on debt already issued do not change; the cost arrives as "
            "maturing debt is refinanced and deficits are financed at the higher yields: $",
            n(totals, "extra_interest_usd_bn", "usd_bn"),
            f"bn of extra net interest over FY{int(totals['first_fy'])}–{last_fy} (p5–p95: $",
            n(totals, "extra_interest_usd_bn_p5", "usd_bn"),
            "bn to $",
            n(totals, "extra_interest_usd_bn_p95", "usd_bn"),
            "bn), of which rollover $",
            n(totals, "rollover_usd_bn", "usd_bn"),
            "bn, deficit financing $",
            n(totals, "deficit_financing_usd_bn", "usd_bn"),
            "bn and the snowball (interest on the extra interest) $",
            n(totals, "snowball_usd_bn", "usd_bn"),
            f"bn. In FY{last_fy} alone: $",
            n(last, "delta_interest_usd_bn", "usd_bn"),
            "bn (p5–p95: $",
            n(last, "delta_interest_usd_bn_p5", "usd_bn"),
            "bn to $",
            n(last, "delta_interest_usd_bn_p95", "usd_bn"),
            "bn).",
        ),
        paragraph(
            f"Interest cost → budget share. In FY{last_fy} net interest takes ",
            n(totals, "last_fy_scenario_interest_pct_outlays", "pct"),
            "% of federal outlays instead of ",
            n(totals, "last_fy_baseline_interest_pct_outlays", "pct"),
            "% on the baseline, and ",
            n(totals, "last_fy_scenario_interest_pct_revenues", "pct"),
            "% of revenues instead of ",
            n(totals, "last_fy_baseline_interest_pct_revenues", "pct"),
            "%; debt held by the public reaches ",
            n(totals, "last_fy_scenario_debt_pct_gdp", "pct"),
            "% of GDP instead of ",
            n(totals, "last_fy_baseline_debt_pct_gdp", "pct"),
            "%.",
        ),
    )
    blocks: list[Block] = [
        paragraph(
            f"{s['title']}: the 10-year yield peaks about ",
            num(s["peak_10y_bp"], "bp", f"{h}.lead.peak_10y_bp"),
            " bp higher and the federal government pays about $",
            num(totals["extra_interest_usd_bn"], "usd_bn", f"{h}.lead.extra_interest_usd_bn"),
            f"bn more in net interest over FY{int(totals['first_fy'])}–{last_fy} — with wide uncertainty. "
            "The chain, step by step (point projection, with the 5th–95th percentiles of "
            f"{int(s['draws']):,} Monte Carlo draws):",
            style="lead",
        ),
        Bullets(items=steps, ordered=True),
    ]
    blocks.append(_seed_paragraph(tables, price, s))
    blocks.append(honesty_paragraph(tables, lineage))
    if _warnings(s):
        blocks.append(paragraph("Warning — " + _warning_text(headline, _warnings(s)) + ".", style="warning"))
    return tuple(blocks)


def _warnings(scenario: pd.Series) -> list[str]:
    value = scenario["warnings"]
    return [] if value is None or not len(value) else [str(w) for w in value]


def _warning_text(scenario: str, warnings: Sequence[str]) -> str:
    """One scenario's warnings as one sentence, named once (the projection prefixes some already)."""
    text = "; ".join(warnings)
    return text if text.startswith(f"{scenario}:") else f"{scenario}: {text}"


def _seed_paragraph(tables: Tables, price_10y: pd.Series, scenario: pd.Series) -> Paragraph:
    seed = one(tables.frames["price_yield"], maturity_years=1.0)
    long_bond = one(tables.frames["price_yield"], maturity_years=30.0)
    interest = bonds.annual_interest_usd_bn(100.0, float(seed["yield_pct"]))
    return paragraph(
        "The seed's arithmetic, for scale: a one-year bond with $100 face value and a 3% coupon bought for "
        "$90 yields (103 − 90)/90 = ",
        num(seed["yield_pct"], "dec2", "seed.yield_pct"),
        "%, and $100bn borrowed at that yield costs $",
        num(interest, "dec2", "seed.interest_usd_bn"),
        "bn a year instead of $3bn — a ",
        num(seed["yield_rise_bp"], "bp", "seed.yield_rise_1y_bp"),
        " bp yield rise. The same $10 price fall on a 30-year bond is a rise of only ",
        num(long_bond["yield_rise_bp"], "bp", "seed.yield_rise_30y_bp"),
        " bp (table in Bond prices). The price falls projected here are smaller — ",
        num(price_10y["trough_price_change_pct"], "pct", "seed.projected_10y_price_change_pct"),
        "% on the 10-year note at worst — and so is the yield rise: ",
        num(scenario["peak_10y_bp"], "bp", "seed.projected_peak_10y_bp"),
        " bp at the peak.",
        style="note",
    )


_FLAG_WORDS = {
    "insignificant": "not significantly different from zero",
    "wrong_sign": "of the wrong sign",
    "above_published_range": "above the published range",
    "below_published_range": "below the published range",
}


def _flags_in_words(flags: Sequence[str]) -> str:
    """Calibration flags (calib.parameters.flags) in words, e.g. "of the wrong sign and below the …"."""
    words = [_FLAG_WORDS.get(flag, flag.replace("_", " ")) for flag in flags]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def honesty_paragraph(tables: Tables, lineage: Mapping[str, object]) -> Paragraph:
    """ "How sure is this?": the data-only 10-year estimate and its flags, the blend's weight on the data."""
    impact = one(tables.frames["price_impact"], tenor="10y", term="impact")
    long_run = one(tables.frames["price_impact"], tenor="10y", term="long_run")
    method = str(lineage["calibration_method"])
    flags = [] if is_missing(impact["data_flags"]) else str(impact["data_flags"]).split(", ")
    verdict = (
        f" bp — {_flags_in_words(flags)}, so not to be used on its own —"
        if flags
        else " bp, of the expected sign, significant and within the published range,"
    )
    parts: list[str | Num] = [
        "How sure is this? On our data alone the 10-year impact of a $100bn sale is ",
        num(impact["data_bp_per_100bn"], "num", "honesty.data_impact_10y_bp_per_100bn"),
        f"{verdict} and the long-run estimate has a 90% confidence interval from ",
        num(long_run["data_ci_low_bp_per_100bn"], "num", "honesty.data_long_run_10y_ci_low"),
        " to ",
        num(long_run["data_ci_high_bp_per_100bn"], "num", "honesty.data_long_run_10y_ci_high"),
        " bp. ",
    ]
    if method == "blend":
        weights_pct = [float(row["blend_weight_on_data_pct"]) for row in (long_run, impact)]
        reading = (
            "so the projections are prior-driven: read them as what the published evidence implies, "
            "checked against our data. "
            if max(weights_pct) < 50.0
            else "so data and literature both shape the projections. "
        )
        parts += [
            "The blend of data and literature prior puts ",
            num(long_run["blend_weight_on_data_pct"], "pct", "honesty.blend_weight_long_run_pct"),
            "% weight on the data for the long run and ",
            num(impact["blend_weight_on_data_pct"], "pct", "honesty.blend_weight_impact_pct"),
            "% for the impact, " + reading,
        ]
    elif method == "prior":
        parts.append("The projections use the literature prior alone. ")
    else:
        parts.append(
            "The projections use the data-only estimate"
            + (", against the advice of its flags. " if flags else ". ")
        )
    parts.append(
        "Sales far beyond anything in the calibration sample are linear extrapolations of the calibrated "
        "response: no market-functioning breakdown, no Fed reaction unless the scenario says so."
    )
    return Paragraph(parts=tuple(parts), style="note")


# --------------------------------------------------------------------------------------------------
# the body's sections: background, policy levers, sensitivity, the CBO check
# --------------------------------------------------------------------------------------------------


def holdings_paragraph(holdings: pd.DataFrame) -> Paragraph:
    """Who holds how much at the latest data ($bn, with the month of each figure)."""
    latest = holdings.sort_values("date").groupby("holder").tail(1).set_index("holder")
    parts: list[str | Num] = ["At the latest data, "]
    pieces = []
    for holder, label in (
        ("Japan", "Japan held $"),
        ("China, Mainland", "China $"),
        ("Grand Total", "all foreign holders together $"),
        ("Federal Reserve", "and the Fed (latest quarter in the snapshot) $"),
    ):
        if holder in latest.index:
            row = latest.loc[holder]
            pieces.append(
                (
                    label,
                    num(row["holdings_usd_bn"], "usd_bn", f"background.{holder}.holdings_usd_bn"),
                    f"bn ({format_value(row['date'], 'month')})",
                )
            )
    for i, (label, number, tail) in enumerate(pieces):
        parts += [label, number, tail, ", " if i < len(pieces) - 1 else "."]
    return Paragraph(parts=tuple(parts))


def tic_valuation_note() -> Paragraph:
    """Why TIC holdings fall when yields rise, without anyone selling."""
    return paragraph(
        "TIC holdings are at market value: when yields rise they fall without anyone selling, which is "
        "why the calibration prefers face-value custody flows (appendix).",
        style="note",
    )


def scenario_warnings(scenarios: pd.DataFrame, order: Sequence[str]) -> tuple[Block, ...]:
    """The projection's warnings, one item per scenario that has any (nothing when none has)."""
    warning_items = tuple(
        paragraph(_warning_text(name, _warnings(one(scenarios, scenario=name))))
        for name in order
        if _warnings(one(scenarios, scenario=name))
    )
    if not warning_items:
        return ()
    return (paragraph("Warnings raised by the projection:"), Bullets(items=warning_items))


def mitigations_intro() -> Paragraph:
    """What the policy levers are, and why Fed purchases show two costs."""
    return paragraph(
        "Each lever is pulled alone on the scenario as written: the Fed buying (part of) the "
        "sale, the same sale spread out, a fiscal consolidation, and the Treasury issuing bills "
        "instead of coupons. Fed purchases cost the Treasury less but the Fed pays interest on "
        "the reserves it creates, so both costs are shown."
    )


def sensitivity_text(tables: Tables) -> Paragraph:
    """The model's +10 bp and +100 bp totals ($bn) beside CBO's and CRFB's published rules of thumb."""
    rules = tables.frames["rules_of_thumb"]
    parts: list[str | Num] = []
    for shift, text in ((10.0, "+10 bp"), (100.0, "+100 bp")):
        rows = rules.loc[rules["shift_bp"] == shift]
        if rows.empty or is_missing(rows.iloc[0]["model_cumulative_usd_bn"]):
            continue
        row = rows.iloc[0]
        parts += [
            f"All rates {text} for good add $",
            num(row["model_cumulative_usd_bn"], "usd_bn", f"sensitivity.{int(shift)}bp.cumulative_usd_bn"),
            f"bn of net interest over FY{row['model_window']} here. ",
        ]
    parts.append(
        "CBO's four 0.1-point scenarios add $184bn–$388bn to 2026–35 deficits (publication 61249; the "
        "interest-rate scenario's own figure was not in the text we could read, so it is marked "
        "unconfirmed). CRFB's +1 point ≈ $1.9 trillion (2018) was on a debt about half today's, so the "
        "model's larger +100 bp figure is the expected order of magnitude."
    )
    return Paragraph(parts=tuple(parts))


def baseline_text(tables: Tables) -> Paragraph:
    """The binding years of the CBO check in words; a warning when either lands outside ±10%."""
    check = tables.frames["baseline_check"]
    binding = check.loc[check["binding"]]
    parts: list[str | Num] = ["Binding years: "]
    for i, row in enumerate(binding.to_dict("records")):
        fy = int(row["fy"])
        parts += [
            f"FY{fy} model $",
            num(row["model_net_interest_usd_bn"], "usd_bn", f"baseline_check.{fy}.model_usd_bn"),
            "bn against CBO's $",
            num(row["cbo_net_interest_usd_bn"], "usd_bn", f"baseline_check.{fy}.cbo_usd_bn"),
            "bn (",
            num(row["diff_pct"], "pct", f"baseline_check.{fy}.diff_pct"),
            "%, " + ("within" if row["within_tolerance"] else "OUTSIDE") + " ±10%)",
            "; " if i < len(binding) - 1 else ". ",
        ]
    parts.append(
        "The model rebuilds the legacy debt from historical issuance and refinances it at CBO's rate "
        "paths; landing near CBO's net interest is what makes its scenario differences credible."
    )
    ok = bool(binding["within_tolerance"].all()) if not binding.empty else False
    return Paragraph(parts=tuple(parts), style="p" if ok else "warning")


# --------------------------------------------------------------------------------------------------
# the appendices: calibration and assumptions
# --------------------------------------------------------------------------------------------------


def calibration_method(method: str) -> Paragraph:
    """How the price impact is estimated, naming the method that feeds the projections."""
    return paragraph(
        "Quarterly changes in each tenor's yield (bp) are regressed on net foreign sales scaled by GDP, "
        "with controls for the policy rate, Fed purchases, debt supply and the lagged yield change, and "
        "Newey–West standard errors; local projections give the response over 0–8 quarters. Because "
        "the data speak weakly, a literature prior (published estimates, rescaled to today's market) is "
        "mixed with the data by precision (Theil–Goldberger). The projections use the ",
        method,
        " estimates.",
    )


def episodes_intro() -> Paragraph:
    """What the episode replay shows, and that no episode is a clean test."""
    return paragraph(
        "Episode replay: the move each method implies for known foreign sales, beside what yields did. "
        "Every episode is confounded (see the last column); none is a clean test."
    )


def fiscal_baseline(lineage: Mapping[str, object], baseline_title: str) -> Paragraph:
    """The fiscal baseline named on the projection run, and CBO's budget concepts."""
    return paragraph(
        f"Fiscal baseline: {lineage.get('baseline')} — {baseline_title}. CBO's budget concepts "
        "throughout "
        "(net interest, revenues and outlays as in CBO's Table 1-1); fiscal years run October–September. "
        "The projection starts from CBO's end-of-FY2025 debt and refinances it month by month at the "
        "baseline's (or the scenario's) yields by tenor."
    )


def baseline_sources(sources: Mapping[str, str]) -> Bullets:
    """The pinned baseline's sources, one bullet each, sorted by name."""
    return Bullets(items=tuple(paragraph(f"{k}: {v}") for k, v in sorted(sources.items())))


def holdings_maturity_note() -> Paragraph:
    """The assumed maturity of foreign holdings (years), and where the debt-structure facts come from."""
    return paragraph(
        "Foreign holdings of notes and bonds are assumed to have the marketable debt's average maturity, ",
        num(HOLDINGS_MATURITY_YEARS, "years", "assumptions.holdings_maturity_years"),
        " years (TIC does not publish it); this sets the 10-year equivalents and the mark-to-market "
        "losses. These debt-structure facts are the package's pinned baseline data (the version in the "
        "footer), not rows of the warehouse.",
        style="note",
    )
