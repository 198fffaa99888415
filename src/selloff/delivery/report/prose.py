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


def subtitle(lineage: Mapping[str, object], scenarios: pd.DataFrame, baseline_title: str) -> str:
    """The line under the title, in words: the data's end, the projection's window, the baseline, the price
    impact and the reference GDP (run ids are in the lineage footer only)."""
    method = lineage.get("calibration_method") or "unknown"
    parts = []
    if not scenarios.empty:
        row = scenarios.iloc[0]
        start, end = pd.Timestamp(row["start_month"]), pd.Timestamp(row["end_month"])
        data_end = start - pd.DateOffset(months=1)
        parts.append(f"Data to {data_end:%B %Y}; projection {start:%B %Y} – {end:%B %Y}.")
    parts.append(f"Baseline: {baseline_title or lineage.get('baseline') or 'unknown'}.")
    parts.append(f"Price impact: {method} calibration.")
    if not scenarios.empty:
        row = scenarios.iloc[0]
        parts.append(
            f"GDP for every conversion: ${float(row['reference_gdp_usd_bn']) / 1000.0:,.1f} trillion "
            f"({row['reference_gdp_quarter']}, the latest quarter observed)."
        )
    return " ".join(parts)


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

    window = f"{pd.Timestamp(s['start_month']):%B %Y} to {pd.Timestamp(s['end_month']):%B %Y}"
    steps = (
        paragraph(
            f"The sale: {s['title']}. That is $",
            n(s, "sale_usd_bn", "usd_bn"),
            "bn of Treasuries at market value, as TIC reports holdings ($",
            n(s, "sale_face_usd_bn", "usd_bn"),
            "bn face value), ",
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
            "yield's largest change is ",
            n(s, "peak_10y_bp", "bp"),
            f" bp against the baseline, in {pd.Timestamp(s['peak_10y_month']):%B %Y} (p5–p95 of the draws' "
            "peaks: ",
            n(s, "peak_10y_bp_p5", "bp"),
            " to ",
            n(s, "peak_10y_bp_p95", "bp"),
            " bp). Ten years on it is ",
            n(y10, "year_10_bp", "bp"),
            " bp (p5–p95: ",
            n(y10, "year_10_bp_p5", "bp"),
            " to ",
            n(y10, "year_10_bp_p95", "bp"),
            " bp): ",
            n(s, "permanent_share_pct", "pct"),
            "% of the peak, this scenario's permanent share.",
        ),
        paragraph(
            "Yield rise → interest cost. Coupons on debt already issued do not change; the cost arrives as "
            "maturing debt is refinanced and deficits are financed at the higher yields: $",
            n(totals, "extra_interest_usd_bn", "usd_bn"),
            f"bn of extra net interest from {window} (p5–p95: $",
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
            f"{s['title']}: the 10-year yield moves about ",
            num(s["peak_10y_bp"], "bp", f"{h}.lead.peak_10y_bp"),
            " bp at its peak and the federal government pays about $",
            num(totals["extra_interest_usd_bn"], "usd_bn", f"{h}.lead.extra_interest_usd_bn"),
            f"bn more in net interest from {window} — with wide uncertainty. "
            "The chain, step by step (point projection, with the 5th–95th percentiles of "
            f"{int(s['draws']):,} Monte Carlo draws):",
            style="lead",
        ),
        Bullets(items=steps, ordered=True),
    ]
    blocks.append(_seed_paragraph(tables, price, s))
    blocks.append(honesty_paragraph(tables, lineage))
    blocks.append(beside_the_default(s, h))
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


def driven(weight_on_data_pct: float) -> str:
    """ "data-driven" when the identified designs carry at least half of the weight, else "prior-driven"."""
    return "data-driven" if weight_on_data_pct >= 50.0 else "prior-driven"


def honesty_paragraph(tables: Tables, lineage: Mapping[str, object]) -> Paragraph:
    """ "How sure is this?": the custody-flow diagnostic and its flags, then the weights the identified
    designs carry in the blend, impact and long run apart, in words that follow those weights."""
    impact = one(tables.frames["price_impact"], tenor="10y", term="impact")
    long_run = one(tables.frames["price_impact"], tenor="10y", term="long_run")
    method = str(lineage["calibration_method"])
    flags = [] if is_missing(impact["data_flags"]) else str(impact["data_flags"]).split(", ")
    verdict = (
        f" bp — {_flags_in_words(flags)} —"
        if flags
        else " bp, of the expected sign, significant and within the published range,"
    )
    parts: list[str | Num] = [
        "How sure is this? The regression of yields on foreign custody flows in our data, a conditional "
        "correlation kept as a diagnostic and never used in the projections, puts the 10-year impact of a "
        "$100bn sale at ",
        num(impact["data_bp_per_100bn"], "num", "honesty.data_impact_10y_bp_per_100bn"),
        f"{verdict} with a long-run 90% confidence interval from ",
        num(long_run["data_ci_low_bp_per_100bn"], "num", "honesty.data_long_run_10y_ci_low"),
        " to ",
        num(long_run["data_ci_high_bp_per_100bn"], "num", "honesty.data_long_run_10y_ci_high"),
        " bp. ",
    ]
    if method == "blend":
        impact_pct = float(impact["blend_weight_on_data_pct"])
        long_run_pct = float(long_run["blend_weight_on_data_pct"])
        parts += [
            "The blend combines the literature prior with the identified designs (Fed announcements and "
            "Japan's interventions for the impact, the supply model for the long run): they carry ",
            num(impact["blend_weight_on_data_pct"], "pct", "honesty.blend_weight_impact_pct"),
            f"% of the weight for the impact, which is therefore {driven(impact_pct)}, and ",
            num(long_run["blend_weight_on_data_pct"], "pct", "honesty.blend_weight_long_run_pct"),
            f"% for the long run, {driven(long_run_pct)}. ",
        ]
    elif method == "prior":
        parts.append("The projections use the literature prior alone (prior-driven). ")
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


def beside_the_default(scenario: pd.Series, figure: str) -> Paragraph:
    """The rest of "How sure is this?": the headline with the literature prior alone beside the default, and
    where a negative lower band comes from (the share of draws with a negative cost and with the 10-year
    moving the wrong way: parameter draws, not noise)."""
    parts: list[str | Num] = []
    if not is_missing(scenario["prior_only_peak_10y_bp"]):
        parts += [
            "Beside the default: with the literature prior alone, the 10-year would peak at ",
            num(scenario["prior_only_peak_10y_bp"], "bp", f"{figure}.prior_only_peak_10y_bp"),
            " bp (default ",
            num(scenario["peak_10y_bp"], "bp", f"{figure}.default_peak_10y_bp"),
            ") and the extra net interest would be $",
            num(
                scenario["prior_only_ten_year_extra_interest_usd_bn"],
                "usd_bn",
                f"{figure}.prior_only_extra_interest_usd_bn",
            ),
            "bn (default $",
            num(
                scenario["ten_year_extra_interest_usd_bn"],
                "usd_bn",
                f"{figure}.default_extra_interest_usd_bn",
            ),
            "bn). ",
        ]
    parts += [
        num(scenario["share_draws_negative_cost_pct"], "pct", f"{figure}.share_draws_negative_cost_pct"),
        "% of the draws give a negative cost over the projection, and in ",
        num(scenario["share_draws_negative_10y_pct"], "pct", f"{figure}.share_draws_negative_10y_pct"),
        "% the 10-year yield falls instead of rising: those are draws of the calibration's parameters with "
        "the wrong sign. A lower band below zero is that much of the parameter uncertainty; any excess of "
        "the first share over the second comes from draws that move the short end the wrong way.",
    ]
    return paragraph(*parts, style="note")


def inputs_paragraph(inputs: pd.DataFrame) -> Block:
    """The inputs whose data are older than their usual lag explains, as a warning (a note when none is)."""
    stale = inputs.loc[inputs["stale"].astype(bool)]
    if stale.empty:
        return paragraph("Every input is as recent as its usual publication lag allows.", style="note")
    items = "; ".join(
        f"{row['description']} ends {pd.Timestamp(str(row['data_to'])):%B %Y}"
        + (f" ({row['note']})" if not is_missing(row["note"]) and "carried on" in str(row["note"]) else "")
        for row in stale.to_dict("records")
    )
    return paragraph(
        "Older than their usual publication lag explains: " + items + ". The projection uses them as they "
        "are (the table below gives each input's source); a live refresh may bring newer figures.",
        style="warning",
    )


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
        "TIC holdings are at market value: when yields rise they fall without anyone selling. A scenario "
        "states its sale at market value as TIC does; the projection converts it to face value at the "
        "prices of the moment for the bond maths, and shows both.",
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
    """What the policy levers are, and how each is credited."""
    return paragraph(
        "Each lever is pulled alone on the scenario as written: the Fed buying (part of) the sale, the same "
        "sale spread out, a fiscal consolidation, and the Treasury issuing bills instead of coupons. Each is "
        "credited only with what it takes off the cost of the sale: the sale's extra interest without the "
        "lever, less the sale's extra interest given the lever (the scenario with the lever, less the lever "
        "alone). What a lever would save with no sale at all — a consolidation's lower debt, the bills' "
        "lower rates — is its own budget effect, shown apart. Bills issued instead of coupons are termed out "
        "again afterwards, and the duration they kept from the market (and the yield relief it brought) "
        "returns with them. Fed purchases cost the Treasury less but the Fed pays interest on the reserves "
        "it creates, so that cost is shown too."
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
        "Rates rise from the first month of the baseline's own ten-year window, whatever the data's end, as "
        "in CBO's rules of thumb. CBO's four 0.1-point scenarios add $184bn–$388bn to 2026–35 deficits on "
        "its January 2025 baseline (publication 61249; the interest-rate scenario's own figure was not in "
        "the text we could read, so it is marked unconfirmed). CRFB's +1 point ≈ $1.9 trillion (2018) was "
        "on a debt about half today's, so the model's larger +100 bp figure is the expected order of "
        "magnitude."
    )
    return Paragraph(parts=tuple(parts))


def baseline_text(tables: Tables) -> Paragraph:
    """The binding checks in words: net interest in the binding years, debt in every year; a warning when
    either fails."""
    check = tables.frames["baseline_check"]
    binding = check.loc[check["binding"].astype(bool)]
    parts: list[str | Num] = ["Net interest, binding: "]
    for i, row in enumerate(binding.to_dict("records")):
        fy = int(row["fy"])
        tolerance = float(row["tolerance_pct"])
        parts += [
            f"FY{fy} model $",
            num(row["model_net_interest_usd_bn"], "usd_bn", f"baseline_check.{fy}.model_usd_bn"),
            "bn against CBO's $",
            num(row["cbo_net_interest_usd_bn"], "usd_bn", f"baseline_check.{fy}.cbo_usd_bn"),
            "bn (",
            num(row["diff_pct"], "pct", f"baseline_check.{fy}.diff_pct"),
            "%, " + ("within" if row["within_tolerance"] else "OUTSIDE") + f" ±{tolerance:g}%)",
            "; " if i < len(binding) - 1 else ". ",
        ]
    debt = check.dropna(subset=["debt_within_tolerance"])
    if not debt.empty:
        worst = debt.iloc[int(debt["debt_diff_pct"].abs().to_numpy().argmax())]
        ok = bool(debt["debt_within_tolerance"].astype(bool).all())
        parts += [
            "Debt held by the public: within ±" if ok else "Debt held by the public: OUTSIDE ±",
            f"{float(worst['debt_tolerance_pct']):g}% of CBO's in every year (largest gap ",
            num(worst["debt_diff_pct"], "pct", "baseline_check.debt_largest_gap_pct"),
            f"% in FY{int(worst['fy'])}). ",
        ]
    parts.append(
        "The model rebuilds the debt outstanding at the start from historical issuance and refinances it at "
        "CBO's rate paths; landing near CBO's net interest and debt is what makes its scenario differences "
        "credible."
    )
    passes = bool(binding["within_tolerance"].fillna(False).astype(bool).all()) and not binding.empty
    passes = passes and bool(debt["debt_within_tolerance"].astype(bool).all()) if not debt.empty else passes
    return Paragraph(parts=tuple(parts), style="p" if passes else "warning")


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
        " estimates. In a projection a sale's response moves from its impact to its persistent effect: "
        "the transitory part is scaled by the market's size when the sale happens, the persistent part by "
        "the market's size in each later month (the sold supply still outstanding, in % of GDP or of "
        "marketable debt then), so a sale's lasting effect shrinks as the market grows.",
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
        "The projection starts in the month after the latest yields, from Treasury's marketable debt at "
        "the end of the month before (rebuilt as cohorts from historical issuance to match its latest "
        "published maturity structure), and refinances it month by month at the baseline's (or the "
        "scenario's) yields by tenor. Where CBO's net interest is not in the data, the primary deficit is "
        "CBO's total deficit less the model's own baseline net interest."
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
