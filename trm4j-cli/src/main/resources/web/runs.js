// The runs page: training runs under --runs, live charts of their metrics.jsonl, one click to solve with a checkpoint.
"use strict";

const $ = id => document.getElementById(id);
// Charts: title, metric name suffix (one series per prefix: train, or an evaluated set), y range.
const CHARTS = [
  { title: "Loss (lm_loss)", key: "lm_loss" },
  { title: "Accuracy (per cell)", key: "accuracy", yMin: 0, yMax: 1 },
  { title: "Exact accuracy (whole puzzle)", key: "exact_accuracy", yMin: 0, yMax: 1 },
  { title: "Halting accuracy (q_halt right)", key: "q_halt_accuracy", yMin: 0, yMax: 1 },
  { title: "Mean ACT steps", key: "steps", yMin: 0 },
];
let runs = [], selected = null, records = [], poll = null;

async function loadRuns() {
  const r = await api("/api/runs");
  runs = r.runs;
  $("runs-dir").textContent = "from " + r.runs_dir;
  $("runlist").replaceChildren(...(runs.length ? runs.map(run => el("div", { class: run.id === selected ? "sel" : "", "data-run": run.id, onclick: () => select(run.id) },
    run.id, el("span", { class: "muted" }, " · " + run.checkpoints.length + " ckpt"))) : [el("p", { class: "muted" }, "No runs yet (train with ./trm train).")]));
  return runs;
}

async function select(id) {
  selected = id; records = [];
  clearInterval(poll);
  await loadRuns();
  const run = runs.find(r => r.id === id);
  $("run").hidden = false;
  $("run-title").textContent = run.id;
  $("config").textContent = JSON.stringify(run.config, null, 2);
  showCheckpoints(run);
  $("charts").replaceChildren(...CHARTS.map((c, i) => el("div", { class: "chart" }, el("h3", {}, c.title), el("canvas", { id: "chart-" + i, style: "width:100%;height:180px" }))));
  await refresh();
  poll = setInterval(refresh, 3000);
}

function showCheckpoints(run) {
  $("checkpoints").replaceChildren(...(run.checkpoints.length ? run.checkpoints.map(c => el("li", {},
    el("button", { "data-checkpoint": c.name, onclick: e => solveWith(run.id, c.name, e.target) }, c.name))) : [el("li", { class: "muted" }, "none yet")]));
}

async function solveWith(run, checkpoint, button) {
  button.disabled = true;
  button.textContent = "loading " + checkpoint + "…";
  try {
    const m = await api("/api/models/load", { run, checkpoint });
    location.href = "/?model=" + encodeURIComponent(m.id);
  } catch (err) {
    button.disabled = false; button.textContent = checkpoint;
    $("run-status").textContent = err.message; $("run-status").className = "error";
  }
}

async function refresh() {
  if (!selected) return;
  const id = selected;
  const m = await api("/api/runs/metrics?run=" + encodeURIComponent(id) + "&from=" + records.length);
  if (id !== selected) return;
  if (m.total < records.length) { records = []; return refresh(); }   // the log was rewritten (resumed run)
  records.push(...m.records);
  const last = records.length ? records[records.length - 1].step : "–";
  $("run-status").className = "muted";
  $("run-status").textContent = records.length + " records, last at step " + last + " · refreshed " + new Date().toLocaleTimeString();
  CHARTS.forEach((c, i) => lineChart($("chart-" + i), seriesOf(c.key), { yMin: c.yMin, yMax: c.yMax, legend: true }));
  const run = (await loadRuns()).find(r => r.id === id);
  if (run) showCheckpoints(run);
}

// One series per metric "<prefix>/<key>" (train, and each evaluated set). As in the official logger, train metrics
// are means over the sequences that halted in the step, so records where none halted (count 0) are left out.
function seriesOf(key) {
  const by = new Map();
  for (const r of records) for (const [k, v] of Object.entries(r)) {
    const slash = k.lastIndexOf("/");
    if (slash < 0 || k.slice(slash + 1) !== key || typeof v !== "number") continue;
    const name = k.slice(0, slash);
    if (r[name + "/count"] === 0) continue;   // no sequence halted in this logged batch: its metrics say nothing
    if (!by.has(name)) by.set(name, []);
    by.get(name).push([r.step, v]);
  }
  return [...by.entries()].map(([name, points]) => ({ name, points }));
}

loadRuns().then(rs => {
  const want = new URLSearchParams(location.search).get("run");
  if (want && rs.some(r => r.id === want)) select(want); else if (rs.length) select(rs[0].id);
}).catch(err => { $("runs-dir").textContent = err.message; });
