// selloff explore: the page. Controls → URL → /api/point (point results as controls move),
// /api/bands on request, /api/stress, /api/scenario.toml, /api/table.csv. No framework, no network
// beyond this server; charts by the vendored uPlot (static/vendor/uplot, MIT).
"use strict";

const CONTROLS = ["seller", "size", "amount", "share", "pace", "start", "fed", "consolidation", "bills",
  "persistence", "method", "baseline", "draws", "seed"];
const TENORS = ["3m", "1y", "2y", "5y", "10y", "30y"];
const COLORS = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#b8860b"];
const DECOMPOSITION = [["rollover_usd_bn", "rollover", "#4c78a8"],
  ["deficit_financing_usd_bn", "deficit financing", "#f58518"], ["snowball_usd_bn", "snowball", "#54a24b"]];

const S = {
  options: null, bands: false, bandsData: null, point: null, charts: {},
  changedAt: 0, inflight: false, pending: false, updates: 0, bandsTimer: null, bandsSeq: 0, lastQuery: null,
};

const $ = (id) => document.getElementById(id);
const form = () => $("controls");
const nf = (digits) => new Intl.NumberFormat("en-US", {minimumFractionDigits: digits, maximumFractionDigits: digits});
const fmt = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x)) ? "n/a" : nf(digits).format(x);
const signed = (x, digits = 1) => (x > 0 ? "+" : x < 0 ? "\u2212" : "") + fmt(Math.abs(x), digits);
const money = (x) => (x < 0 ? "\u2212$" : "$") + fmt(Math.abs(x), 0) + "bn";

// --------------------------------------------------------------------------------------------------
// controls and the URL
// --------------------------------------------------------------------------------------------------

function value(name) {
  const el = form().elements[name];
  if (!el) return null;
  if (el instanceof RadioNodeList) return el.value;
  return el.value;
}

function setValue(name, v) {
  const el = form().elements[name];
  if (!el || v === null) return;
  if (el instanceof RadioNodeList) {
    for (const r of el) r.checked = (r.value === v);
  } else {
    el.value = v;
  }
}

function stateParams() {
  const p = new URLSearchParams();
  for (const name of CONTROLS) {
    const v = value(name);
    if (v !== null && v !== "") p.set(name, v);
  }
  return p;
}

function writeUrl() {
  const p = stateParams();
  if (S.bands) p.set("bands", "1");
  history.replaceState(null, "", "?" + p.toString());
}

function readUrl() {
  const p = new URLSearchParams(location.search);
  for (const name of CONTROLS) if (p.has(name)) setValue(name, p.get(name));
  S.bands = p.get("bands") === "1";
}

function monthLabel(index) {
  const [y, m] = S.options.first_month.split("-").map(Number);
  const d = new Date(Date.UTC(y, m - 1 + Number(index), 1));
  return d.toLocaleString("en-US", {month: "short", year: "numeric", timeZone: "UTC"});
}

function updateOutputs() {
  const out = (name, text) => { form().querySelector(`output[for="${name}"]`).textContent = text; };
  out("share", fmt(100 * Number(value("share")), 0) + "%");
  out("amount", money(Number(value("amount"))));
  out("pace", `${value("pace")} months`);
  out("start", `${monthLabel(value("start"))} (month ${value("start")})`);
  out("fed", fmt(100 * Number(value("fed")), 0) + "%");
  out("consolidation", fmt(Number(value("consolidation")), 1) + "% of GDP");
  out("bills", fmt(Number(value("bills")), 0) + "%");
  const size = value("size");
  for (const el of document.querySelectorAll(".control[data-size]")) el.hidden = el.dataset.size !== size;
  const seller = S.options.sellers.find((s) => s.name === value("seller"));
  $("seller-holdings").textContent = seller
    ? `holds ${money(seller.holdings_usd_bn)} of Treasuries (TIC, ${S.options.holdings_as_of})` : "";
  $("amount-number").value = value("amount");
}

function fillControls() {
  const o = S.options;
  const seller = $("seller");
  for (const s of o.sellers) seller.add(new Option(s.name, s.name, false, s.name === "Japan"));
  const method = $("method");
  for (const m of o.methods) {
    const label = m.method + (m.method === o.calibration_method ? " (the calibration's)" : "");
    const opt = new Option(label, m.method, false, m.method === o.calibration_method);
    if (!m.projectable) { opt.disabled = true; opt.title = m.reason; opt.text += " (not projectable)"; }
    method.add(opt);
  }
  const baseline = $("baseline");
  for (const b of o.baselines) baseline.add(new Option(b, b));
  $("start").max = String(o.horizon_months - 1);
  $("pace").max = String(o.horizon_months);
  const by = $("stress-by");
  for (const fy of o.fys) by.add(new Option("FY" + fy, String(fy), false, fy === o.fys[o.fys.length - 1]));
  $("lineage").textContent = `Calibration ${o.calibration_run_id} (${o.calibration_method}), data vintage `
    + `${o.data_vintage || "n/a"}; TIC holdings ${o.holdings_as_of}; projection from ${o.first_month}; `
    + `warehouse ${o.warehouse}.`;
}

// --------------------------------------------------------------------------------------------------
// requests: point results as controls move (one in flight, the latest state next), bands on request
// --------------------------------------------------------------------------------------------------

async function getJson(url) {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

function showError(message) {
  const el = $("error");
  el.hidden = !message;
  el.textContent = message || "";
}

async function requestPoint() {
  if (S.inflight) { S.pending = true; return; }
  S.inflight = true;
  const changedAt = S.changedAt;
  const query = stateParams().toString();
  S.lastQuery = query;
  try {
    const data = await getJson("/api/point?" + query);
    S.point = data;
    render(data);
    showError("");
    const latency = performance.now() - changedAt;
    S.updates += 1;
    document.body.dataset.latencyMs = latency.toFixed(1);
    document.body.dataset.updates = String(S.updates);
    document.body.dataset.state = query;
    $("status").textContent = `Updated in ${fmt(latency, 0)} ms (projection ${fmt(data.compute_ms, 0)} ms).`
      + (S.bands ? " Bands: computing…" : "");
  } catch (err) {
    showError(err.message);
  } finally {
    S.inflight = false;
    if (S.pending) { S.pending = false; requestPoint(); }
  }
  if (S.bands) scheduleBands();
}

function scheduleBands() {
  clearTimeout(S.bandsTimer);
  S.bandsTimer = setTimeout(requestBands, 250);
}

async function requestBands() {
  const seq = ++S.bandsSeq;
  const query = stateParams().toString();
  const started = performance.now();
  try {
    const data = await getJson("/api/bands?" + query);
    if (seq !== S.bandsSeq || query !== stateParams().toString()) return;  // the state moved on
    S.bandsData = data;
    renderBands(data);
    const ms = performance.now() - started;
    document.body.dataset.bandsMs = ms.toFixed(1);
    document.body.dataset.bandsState = query;
    $("status").textContent = $("status").textContent.replace(/ Bands:.*$/, "")
      + ` Bands: ${fmt(data.draws)} draws in ${fmt(ms, 0)} ms.`;
  } catch (err) {
    showError(err.message);
  }
}

function onChange(event) {
  if (event && event.target && event.target.id === "amount-number") {
    setValue("amount", event.target.value);
  }
  // a slider fires "input" then "change" for one move: one request per new state
  if (event && stateParams().toString() === S.lastQuery) return;
  S.changedAt = performance.now();
  S.bandsData = null;
  updateOutputs();
  writeUrl();
  updateLinks();
  requestPoint();
}

function updateLinks() {
  const p = stateParams();
  for (const table of ["fiscal_annual", "yield_paths", "bond_prices", "summary"]) {
    const q = new URLSearchParams(p);
    q.set("table", table);
    if (S.bands) q.set("bands", "1");
    $("csv-" + table).href = "/api/table.csv?" + q.toString();
  }
}

// --------------------------------------------------------------------------------------------------
// rendering
// --------------------------------------------------------------------------------------------------

function render(d) {
  const h = d.headline;
  $("peak-10y").textContent = signed(h.peak_10y_bp, 1) + " bp";
  $("peak-10y").dataset.value = String(h.peak_10y_bp);
  $("extra-interest").textContent = money(h.ten_year_extra_interest_usd_bn);
  $("extra-interest").dataset.value = String(h.ten_year_extra_interest_usd_bn);
  $("outlays-title").textContent = `Interest, % of outlays, FY${h.last_fy}`;
  $("interest-outlays").textContent = fmt(h.interest_pct_outlays_last_fy, 2) + "%";
  $("interest-outlays-base").textContent = `baseline ${fmt(h.baseline_interest_pct_outlays_last_fy, 2)}%`;
  $("sale").textContent = money(h.sale_usd_bn);
  $("sale").dataset.value = String(h.sale_usd_bn);
  $("sale-detail").textContent = `${fmt(h.sale_pct_gdp, 2)}% of GDP; ${money(h.sale_10y_eq_usd_bn)} in 10-year equivalents`;
  for (const id of ["peak-10y-band", "extra-interest-band"]) $(id).textContent = S.bands ? "bands: computing…" : "";
  const warnings = $("warnings");
  warnings.replaceChildren(...d.warnings.map((w) => Object.assign(document.createElement("li"), {textContent: w})));
  drawCharts(d, null);
  renderArithmetic(d.arithmetic);
  renderTable(d.fiscal);
}

function renderBands(b) {
  const h = b.headline;
  $("peak-10y-band").textContent = `p5–p95: ${signed(h.peak_10y_bp_p5, 1)} to ${signed(h.peak_10y_bp_p95, 1)} bp`;
  $("extra-interest-band").textContent =
    `p5–p95: ${money(h.ten_year_extra_interest_usd_bn_p5)} to ${money(h.ten_year_extra_interest_usd_bn_p95)}`;
  if (S.point) drawCharts(S.point, b);
}

function chartWidth(el) { return Math.max(280, el.clientWidth || el.parentElement.clientWidth || 500); }

function makeChart(id, opts, data) {
  const el = $(id);
  if (S.charts[id]) S.charts[id].destroy();
  el.replaceChildren();
  const chart = new uPlot(Object.assign({width: chartWidth(el), height: 240, legend: {live: false}}, opts), data, el);
  // band edges are drawn, not listed: the legend keeps one entry per line
  for (const row of chart.root.querySelectorAll(".u-legend .u-series")) {
    // (style, not the hidden attribute: uPlot's stylesheet sets display on legend rows)
    if (/(^| )p(5|95)$/.test(row.textContent.trim())) row.style.display = "none";
  }
  S.charts[id] = chart;
}

function niceTicks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(v);
  return {ticks, lo: Math.min(lo, ticks[0]), hi: Math.max(hi, ticks[ticks.length - 1])};
}

function drawCharts(d, b) {
  const x = d.months;
  // shock by tenor, bp, with bands
  const shockSeries = [{}];
  const shockData = [x];
  const shockBands = [];
  TENORS.forEach((t, i) => {
    shockSeries.push({label: t, stroke: COLORS[i], width: 1.5});
    shockData.push(d.shock_bp[t]);
  });
  if (b) {
    TENORS.forEach((t, i) => {
      const base = d.yields.baseline[t];
      const lo = b.yields.p5[t].map((v, k) => v === null ? null : (v - base[k]) * 100);
      const hi = b.yields.p95[t].map((v, k) => v === null ? null : (v - base[k]) * 100);
      shockSeries.push({label: t + " p95", stroke: COLORS[i] + "55", width: 0.5},
        {label: t + " p5", stroke: COLORS[i] + "55", width: 0.5});
      shockData.push(hi, lo);
      const n = shockSeries.length - 1;
      shockBands.push({series: [n - 1, n], fill: COLORS[i] + "14"});
    });
  }
  makeChart("chart-shock", {series: shockSeries, bands: shockBands, axes: [{}, {label: "bp"}]}, shockData);

  const levelSeries = [{}];
  const levelData = [x];
  TENORS.forEach((t, i) => {
    levelSeries.push({label: t, stroke: COLORS[i], width: 1.5});
    levelData.push(d.yields.scenario[t]);
  });
  TENORS.forEach((t, i) => {
    levelSeries.push({label: t + " baseline", stroke: COLORS[i], width: 1, dash: [4, 4]});
    levelData.push(d.yields.baseline[t]);
  });
  makeChart("chart-yields", {series: levelSeries, axes: [{}, {label: "%"}]}, levelData);

  const priceSeries = [{}, {label: "10-year", stroke: COLORS[4], width: 1.5}];
  const priceData = [x, d.price_10y_pct];
  const priceBands = [];
  if (b) {
    priceSeries.push({label: "p95", stroke: COLORS[4] + "55", width: 0.5}, {label: "p5", stroke: COLORS[4] + "55", width: 0.5});
    priceData.push(b.price_10y_pct.p95, b.price_10y_pct.p5);
    priceBands.push({series: [2, 3], fill: COLORS[4] + "22"});
  }
  makeChart("chart-price", {series: priceSeries, bands: priceBands, axes: [{}, {label: "%"}]}, priceData);

  const f = d.fiscal;
  const fyAxis = {values: (u, vals) => vals.map((v) => Number.isInteger(v) ? "FY" + v : "")};
  makeChart("chart-shares", {
    scales: {x: {time: false}},
    series: [{label: "FY"},
      {label: "% outlays", stroke: "#4c78a8", width: 2}, {label: "% outlays, baseline", stroke: "#4c78a8", dash: [4, 4]},
      {label: "% revenues", stroke: "#e45756", width: 2}, {label: "% revenues, baseline", stroke: "#e45756", dash: [4, 4]}],
    axes: [fyAxis, {label: "%"}],
  }, [f.fy, f.scenario_interest_pct_outlays, f.baseline_interest_pct_outlays,
    f.scenario_interest_pct_revenues, f.baseline_interest_pct_revenues]);
  drawDecomposition(f, b ? b.fiscal : null);
}

// stacked bars (positive parts up, negative down) with the total as a dot and the band as a whisker
function drawDecomposition(f, band) {
  const el = $("chart-decomposition");
  const W = chartWidth(el), H = 240, L = 52, R = 10, T = 10, B = 42;
  const n = f.fy.length;
  let lo = 0, hi = 0;
  for (let k = 0; k < n; k++) {
    let pos = 0, neg = 0;
    for (const [col] of DECOMPOSITION) { const v = f[col][k] || 0; if (v >= 0) pos += v; else neg += v; }
    lo = Math.min(lo, neg, f.delta_interest_usd_bn[k]); hi = Math.max(hi, pos, f.delta_interest_usd_bn[k]);
    if (band) { lo = Math.min(lo, band.delta_interest_usd_bn_p5[k]); hi = Math.max(hi, band.delta_interest_usd_bn_p95[k]); }
  }
  if (hi - lo < 1e-9) hi = lo + 1;
  const nice = niceTicks(lo, hi, 4);
  lo = Math.min(lo, nice.ticks[0]);
  hi = Math.max(hi, nice.ticks[nice.ticks.length - 1]);
  const y = (v) => T + (hi - v) / (hi - lo) * (H - T - B);
  const slot = (W - L - R) / n;
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="extra interest by fiscal year">`];
  for (const v of nice.ticks) {
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e6eb"/>`,
      `<text x="${L - 4}" y="${y(v) + 4}" font-size="11" text-anchor="end">${fmt(v, 0)}</text>`);
  }
  for (let k = 0; k < n; k++) {
    const x0 = L + k * slot + slot * 0.15, w = slot * 0.7;
    let pos = 0, neg = 0;
    for (const [col, label, color] of DECOMPOSITION) {
      const v = f[col][k] || 0;
      const from = v >= 0 ? pos : neg, to = from + v;
      if (v >= 0) pos = to; else neg = to;
      parts.push(`<rect x="${x0}" width="${w}" y="${Math.min(y(from), y(to))}" height="${Math.abs(y(from) - y(to))}" fill="${color}"><title>FY${f.fy[k]} ${label}: ${money(v)}</title></rect>`);
    }
    const cx = x0 + w / 2;
    if (band) {
      parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(band.delta_interest_usd_bn_p5[k])}" y2="${y(band.delta_interest_usd_bn_p95[k])}" stroke="#222" stroke-width="1.5"/>`);
    }
    parts.push(`<circle cx="${cx}" cy="${y(f.delta_interest_usd_bn[k])}" r="3" fill="#222"><title>FY${f.fy[k]} total: ${money(f.delta_interest_usd_bn[k])}</title></circle>`,
      `<text x="${cx}" y="${H - B + 14}" font-size="11" text-anchor="middle">${String(f.fy[k]).slice(2)}</text>`);
  }
  parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(0)}" y2="${y(0)}" stroke="#555"/>`);
  let lx = L;
  for (const [, label, color] of [...DECOMPOSITION, [null, "total (dot)" + (band ? ", p5–p95 (line)" : ""), "#222"]]) {
    parts.push(`<rect x="${lx}" y="${H - 14}" width="10" height="10" fill="${color}"/><text x="${lx + 14}" y="${H - 5}" font-size="11">${label}</text>`);
    lx += 14 + label.length * 6.2 + 14;
  }
  parts.push("</svg>");
  el.innerHTML = parts.join("");
}

function renderArithmetic(a) {
  const o = a.one_year, t = a.ten_year, r = a.refinancing;
  $("arithmetic").textContent =
    `In ${a.month}, the month of the largest 10-year move, the 1-year yield is ${fmt(o.yield_check_pct, 2)}% `
    + `instead of ${fmt(o.coupon_pct, 2)}%. A one-year $100 bond paying a ${fmt(o.coupon_pct, 2)}% coupon then `
    + `costs $${fmt(o.price, 2)} and pays back $${fmt(o.cash_flow, 2)}: it yields `
    + `(${fmt(o.cash_flow, 2)} \u2212 ${fmt(o.price, 2)}) / ${fmt(o.price, 2)} = ${fmt(o.yield_pct, 2)}%. `
    + `Refinancing $${fmt(r.amount_usd_bn)}bn for a year costs $${fmt(r.scenario_cost_usd_bn, 2)}bn instead of `
    + `$${fmt(r.baseline_cost_usd_bn, 2)}bn. A 10-year note bought at par at ${fmt(t.baseline_yield_pct, 2)}% `
    + `is worth $${fmt(t.price, 2)} per $100 when the 10-year yield is ${fmt(t.scenario_yield_pct, 2)}%.`;
}

function renderTable(f) {
  const head = ["FY", "baseline interest $bn", "scenario $bn", "extra $bn", "rollover", "deficit financing",
    "snowball", "% outlays (baseline)", "% outlays", "% revenues (baseline)", "% revenues"];
  const cols = [["baseline_interest_usd_bn", 0], ["scenario_interest_usd_bn", 0], ["delta_interest_usd_bn", 1],
    ["rollover_usd_bn", 1], ["deficit_financing_usd_bn", 1], ["snowball_usd_bn", 1],
    ["baseline_interest_pct_outlays", 2], ["scenario_interest_pct_outlays", 2],
    ["baseline_interest_pct_revenues", 2], ["scenario_interest_pct_revenues", 2]];
  const thead = $("fiscal-table").tHead;
  thead.innerHTML = "<tr>" + head.map((h) => `<th>${h}</th>`).join("") + "</tr>";
  const body = $("fiscal-table").tBodies[0];
  body.replaceChildren(...f.fy.map((fy, k) => {
    const tr = document.createElement("tr");
    tr.dataset.fy = String(fy);
    tr.innerHTML = `<td>FY${fy}</td>` + cols.map(([c, digits]) =>
      `<td data-column="${c}" data-value="${f[c][k]}">${fmt(f[c][k], digits)}</td>`).join("");
    return tr;
  }));
}

// --------------------------------------------------------------------------------------------------
// actions: bands, save, the reverse stress test
// --------------------------------------------------------------------------------------------------

function toggleBands() {
  S.bands = !S.bands;
  $("bands-button").textContent = S.bands ? "Hide bands" : "Show bands (p5\u2013p95)";
  writeUrl();
  updateLinks();
  if (S.bands) {
    $("status").textContent += " Bands: computing…";
    requestBands();
  } else if (S.point) {
    S.bandsData = null;
    render(S.point);
  }
}

async function saveScenario() {
  const name = $("save-name").value.trim();
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
    $("save-status").textContent = "The name takes lowercase letters, digits and hyphens.";
    return;
  }
  const q = stateParams();
  q.set("name", name);
  q.set("title", $("save-title").value.trim());
  try {
    const res = await fetch("/api/scenario.toml?" + q.toString());
    if (!res.ok) throw new Error((await res.json()).error);
    const text = await res.text();
    const url = URL.createObjectURL(new Blob([text], {type: "application/toml"}));
    const a = Object.assign(document.createElement("a"), {href: url, download: name + ".toml"});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    $("save-status").textContent = `Saved ${name}.toml: run \`selloff project --scenario ${name}.toml\`.`;
  } catch (err) {
    $("save-status").textContent = "Not saved: " + err.message;
  }
}

async function runStress() {
  const q = stateParams();
  q.set("metric", $("stress-metric").value);
  q.set("threshold", $("stress-threshold").value);
  q.set("by", $("stress-by").value);
  const out = $("stress-result");
  out.textContent = "Searching…";
  delete out.dataset.status;  // set again when this search's answer is on screen
  try {
    const r = await getJson("/api/stress?" + q.toString());
    const what = `${fmt(r.threshold_pct, 1)}% of ${r.metric} by FY${r.by_fy}`;
    if (r.status === "baseline") {
      out.textContent = `No sale needed: net interest already reaches ${what} in the baseline `
        + `(${fmt(r.baseline_peak_pct, 2)}% in FY${r.baseline_peak_fy}).`;
    } else if (r.status === "not_reached") {
      out.textContent = `Not reached: even selling all its holdings (${money(r.tested_up_to_usd_bn)}) leaves `
        + `net interest at ${fmt(r.level_pct, 2)}% of ${r.metric} at most (baseline peak `
        + `${fmt(r.baseline_peak_pct, 2)}%).`;
    } else {
      const share = r.share_of_holdings === null ? "" : `, ${fmt(100 * r.share_of_holdings, 0)}% of its holdings`;
      out.textContent = `${r.seller} would have to sell at least ${money(r.amount_usd_bn)}${share} `
        + `(${fmt(r.sale_pct_gdp, 2)}% of GDP) for net interest to reach ${what}; it gets there in FY${r.crossing_fy} `
        + `(${fmt(r.level_pct, 2)}%; baseline peak ${fmt(r.baseline_peak_pct, 2)}%). `
        + `${r.evaluations} point projections, ${fmt(r.compute_ms, 0)} ms.`;
    }
    out.dataset.amount = r.amount_usd_bn === null ? "" : String(r.amount_usd_bn);
    out.dataset.status = r.status;
  } catch (err) {
    out.textContent = "Error: " + err.message;
    out.dataset.status = "error";
  }
}

// --------------------------------------------------------------------------------------------------
// start
// --------------------------------------------------------------------------------------------------

async function init() {
  try {
    S.options = await getJson("/api/options");
  } catch (err) {
    showError("Cannot load the warehouse's options: " + err.message);
    return;
  }
  fillControls();
  readUrl();
  $("bands-button").textContent = S.bands ? "Hide bands" : "Show bands (p5\u2013p95)";
  form().addEventListener("input", onChange);
  form().addEventListener("change", onChange);
  form().addEventListener("submit", (e) => e.preventDefault());
  $("bands-button").addEventListener("click", toggleBands);
  $("save-button").addEventListener("click", saveScenario);
  $("stress-button").addEventListener("click", runStress);
  window.addEventListener("resize", () => { if (S.point) drawCharts(S.point, S.bandsData); });
  onChange(null);
}

// for tests and scripts: the state the controls show now (document.body.dataset.state is the one rendered)
window.selloffExplorer = {state: () => stateParams().toString()};

init();
