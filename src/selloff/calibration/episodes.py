"""The episode replay: what each method implies for known foreign sales, beside the yields that followed.

:data:`EPISODES` are stress episodes with a known sale ($bn; research file rows named in each
description). For each method and tenor the replay scales the impact response (bp per 1% of GDP) by the sale
as % of the episode quarter's GDP and sets it beside the change of the monthly-average yield from the
baseline month to the end month (bp), and the published 10-year move where one exists. A check, not a
calibration: every episode has confounders, listed with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from selloff.calibration.results import EpisodeReplay, MethodResponses
from selloff.tenors import TENORS


@dataclass(frozen=True)
class Episode:
    """A stress episode with a known foreign sale (research file rows named in ``description``)."""

    name: str
    sale_usd_bn: float
    baseline_month: date
    end_month: date
    published_10y_bp: float | None
    description: str
    confounders: str


EPISODES: tuple[Episode, ...] = (
    Episode(
        "march_2020",
        299.35,
        date(2020, 2, 1),
        date(2020, 3, 1),
        64.0,
        "E1: foreign net sales of Treasuries $299.35bn in March 2020 (record); 10y +64 bp over 9-18 March "
        "(seven trading days); custody holdings fell about $110bn",
        "Fed bought more than $1T of Treasuries from mid-March and cut the policy rate 150 bp; mutual funds "
        "and hedge funds sold too (dash for cash); the monthly average 10y fell while the mid-March spike "
        "reversed",
    ),
    Episode(
        "japan_2022",
        63.5,
        date(2022, 8, 1),
        date(2022, 10, 1),
        None,
        "J3/J4: MoF yen-buying intervention ¥9.19T (≈$62-65bn) on 22 Sep and 21/24 Oct 2022, funded partly "
        "from reserves (Japan's reserves fell $54bn in Sep, $43bn in Oct)",
        "Fed hikes of 75 bp (Sep, Nov 2022); UK gilt/LDI crisis late Sep; 10y yield move not isolated in any "
        "source (J7): 10y reached 4.08% in mid-Oct",
    ),
    Episode(
        "japan_2024_apr_may",
        62.0,
        date(2024, 4, 1),
        date(2024, 5, 1),
        None,
        "J5/J6: MoF intervention ¥9.79T (≈$62bn) on 29 Apr and 1 May 2024; Japan's foreign securities in "
        "reserves fell $50.4bn in May",
        "May 2024 FOMC (QT taper announced), softer US data in May",
    ),
    Episode(
        "japan_2024_jul",
        36.0,
        date(2024, 6, 1),
        date(2024, 7, 1),
        None,
        "J5: MoF intervention ¥5.53T (≈$36bn) on 11-12 Jul 2024",
        "soft June CPI (11 Jul) and rate-cut expectations; yen carry-trade unwind into early August",
    ),
    Episode(
        "april_2025",
        36.0,
        date(2025, 3, 1),
        date(2025, 4, 1),
        50.0,
        "E2 (contrast, not calibration): foreign holdings fell $36bn in April 2025 while official accounts "
        "were net buyers; 10y about +50 bp in the week of 4-11 April",
        "tariff shock, swap-spread and basis-trade unwinds (E2b): not a foreign-official sale",
    ),
)


def replay_episodes(
    monthly: pd.DataFrame, quarterly: pd.DataFrame, responses: Sequence[MethodResponses]
) -> list[EpisodeReplay]:
    """Impact implied by each method for each episode's sale, beside the actual change in monthly yields."""
    by_month = monthly.assign(month=[pd.Timestamp(m).date() for m in monthly["month"]]).set_index("month")
    gdp = {
        pd.Timestamp(q).date(): float(v)
        for q, v in zip(quarterly["quarter"], quarterly["gdp_usd_bn"], strict=True)
        if pd.notna(v)
    }
    out: list[EpisodeReplay] = []
    for episode in EPISODES:
        quarter = date(episode.end_month.year, 3 * ((episode.end_month.month - 1) // 3) + 1, 1)
        if (
            quarter not in gdp
            or episode.end_month not in by_month.index
            or episode.baseline_month not in by_month.index
        ):
            continue  # outside the data: nothing to replay
        sale_pct = 100.0 * episode.sale_usd_bn / gdp[quarter]
        custody = by_month["custody_face_eop_usd_bn"].astype(float)
        custody_change = float(custody.loc[episode.end_month] - custody.loc[episode.baseline_month])
        for resp in responses:
            for k, tenor in enumerate(TENORS):
                if not math.isfinite(float(resp.irf_point[k, 0])):
                    continue
                implied = resp.irf_draws[:, k, 0] * sale_pct
                actual = by_month[f"yield_{tenor}_pct"].astype(float)
                # yields are quoted to 0.01 pp: round away float noise in the bp difference
                move = round(
                    100.0 * float(actual.loc[episode.end_month] - actual.loc[episode.baseline_month]), 6
                )
                out.append(
                    EpisodeReplay(
                        episode=episode.name,
                        method=resp.method,
                        tenor=tenor,
                        baseline_month=episode.baseline_month,
                        end_month=episode.end_month,
                        sale_usd_bn=episode.sale_usd_bn,
                        gdp_usd_bn=gdp[quarter],
                        sale_pct_gdp=sale_pct,
                        implied_bp=float(resp.irf_point[k, 0]) * sale_pct,
                        implied_p5_bp=float(np.quantile(implied, 0.05)),
                        implied_p95_bp=float(np.quantile(implied, 0.95)),
                        actual_monthly_bp=move if math.isfinite(move) else None,
                        actual_published_bp=episode.published_10y_bp if tenor == "10y" else None,
                        custody_change_usd_bn=custody_change if math.isfinite(custody_change) else None,
                        description=episode.description,
                        confounders=episode.confounders,
                    )
                )
    return out
