// The solve page: pick a model, enter a puzzle, watch every ACT step.
"use strict";

let models = [], current = null, result = null, timer = null;
const $ = id => document.getElementById(id);

async function init() {
  models = await api("/api/models");
  const want = new URLSearchParams(location.search).get("model");
  $("model").replaceChildren(...models.map(m => el("option", { value: m.id }, m.name + " (" + m.task + (m.size ? " " + m.size + "x" + m.size : "") + ")")));
  $("no-models").hidden = models.length > 0;
  $("input-panel").hidden = models.length === 0;
  if (want && models.some(m => m.id === want)) $("model").value = want;
  $("model").addEventListener("change", pickModel);
  $("solve").addEventListener("click", solve);
  $("step-slider").addEventListener("input", () => show(+$("step-slider").value));
  $("play").addEventListener("click", play);
  if (models.length) pickModel();
}

function pickModel() {
  current = models.find(m => m.id === $("model").value);
  $("model-info").textContent = "seq_len " + current.seq_len + ", vocab " + current.vocab_size + ", up to " + current.halt_max_steps + " steps";
  $("result").hidden = true; $("arc-result").hidden = true;
  const box = $("input");
  box.replaceChildren();
  if (current.task === "sudoku") box.append(sudokuInput(current.size));
  else if (current.task === "maze") box.append(
    el("p", { class: "muted" }, "One row per line in the '# SGo' form: '#' wall, ' ' open, 'S' start, 'G' goal (" + current.size + " rows of " + current.size + ")."),
    el("textarea", { id: "puzzle-text", rows: Math.min(current.size + 1, 32), spellcheck: "false" }));
  else if (current.task === "arc") box.append(
    el("p", { class: "muted" }, "An ARC task JSON ({\"train\": [...], \"test\": [...]}); a challenges file with several tasks lets you pick one."),
    el("input", { type: "file", id: "arc-file", accept: ".json,application/json", onchange: arcFile }),
    el("select", { id: "arc-task", hidden: "" }),
    el("textarea", { id: "puzzle-text", rows: 6, spellcheck: "false", placeholder: "or paste the task JSON here" }));
  else box.append(el("p", { class: "muted" }, "Token ids separated by spaces (" + current.seq_len + " of them)."),
    el("input", { type: "text", id: "puzzle-text", size: 80 }));
}

// ---------------------------------------------------------------------------------------------- input

function sudokuInput(n) {
  const box = n === 9 ? [3, 3] : n === 6 ? [2, 3] : [2, 2];
  const t = el("table", { class: "sudoku", id: "sudoku-input" });
  for (let r = 0; r < n; r++) {
    const tr = el("tr");
    for (let c = 0; c < n; c++) {
      const inp = el("input", { maxlength: 1, inputmode: "numeric", "data-i": r * n + c, "aria-label": "row " + (r + 1) + " column " + (c + 1) });
      inp.addEventListener("input", () => {
        if (!new RegExp("^[1-" + n + "]$").test(inp.value)) inp.value = "";
        else { const next = t.querySelector('input[data-i="' + (r * n + c + 1) + '"]'); if (next) next.focus(); }
        syncPaste();
      });
      inp.addEventListener("paste", e => { e.preventDefault(); fillSudoku(e.clipboardData.getData("text")); });
      tr.append(el("td", { class: cellClass(r, c, n, box) }, inp));
    }
    t.append(tr);
  }
  const paste = el("input", { type: "text", id: "puzzle-text", size: n * n + 4, placeholder: n * n + " characters: digits, '.' or '0' for blanks" });
  paste.addEventListener("input", () => fillSudoku(paste.value, true));
  return el("div", {}, t, el("p", { class: "row" }, el("label", {}, "or paste: "), paste,
    el("button", { onclick: () => { paste.value = ""; fillSudoku(""); } }, "Clear")));
}

function cellClass(r, c, n, box) {
  return [(c + 1) % box[1] === 0 && c < n - 1 ? "br" : "", (r + 1) % box[0] === 0 && r < n - 1 ? "bb" : ""].join(" ").trim();
}

function fillSudoku(text, fromPaste) {
  const s = text.replace(/\s+/g, "");
  document.querySelectorAll("#sudoku-input input").forEach((inp, i) => { const ch = s[i] || ""; inp.value = /[1-9]/.test(ch) ? ch : ""; });
  if (!fromPaste) syncPaste();
}

function syncPaste() {
  $("puzzle-text").value = [...document.querySelectorAll("#sudoku-input input")].map(i => i.value || ".").join("");
}

let arcTasks = null;
async function arcFile(e) {
  const f = e.target.files[0];
  if (!f) return;
  const text = await f.text();
  try {
    const j = JSON.parse(text);
    if (j.train) { arcTasks = null; $("arc-task").hidden = true; $("puzzle-text").value = text; return; }
    arcTasks = j;
    $("arc-task").replaceChildren(...Object.keys(j).map(k => el("option", { value: k }, k)));
    $("arc-task").hidden = false;
    $("puzzle-text").value = "";
  } catch (err) { status("not JSON: " + err.message, true); }
}

function request() {
  if (current.task === "arc") {
    if (arcTasks) { const id = $("arc-task").value; return { model: current.id, task: arcTasks[id], name: id }; }
    let task;
    try { task = JSON.parse($("puzzle-text").value); } catch (err) { throw new Error("the task is not valid JSON: " + err.message); }
    return { model: current.id, task, name: ($("arc-file").files[0]?.name || "task").replace(/\.json$/, "") };
  }
  return { model: current.id, puzzle: $("puzzle-text").value };
}

// ---------------------------------------------------------------------------------------------- solve

function status(text, bad) { $("status").textContent = text; $("status").className = bad ? "error" : "muted"; }

async function solve() {
  stop();
  $("solve").disabled = true;
  status("solving…");
  const t0 = performance.now();
  try {
    const req = request();
    result = await api("/api/solve", req);
    status("solved in " + ((performance.now() - t0) / 1000).toFixed(2) + " s");
    if (result.kind === "arc") showArc(result); else showSteps(result);
  } catch (err) {
    status(err.message, true);
  } finally {
    $("solve").disabled = false;
  }
}

function showSteps(r) {
  $("arc-result").hidden = true;
  $("result").hidden = false;
  const n = r.steps.length, s = $("step-slider");
  s.max = n; s.value = n;
  const haltNote = r.halt_step ? "The model would stop at step " + r.halt_step + " (first step with q_halt > 0, i.e. confidence > 0.5)."
    : "q_halt stays ≤ 0: the model would run all " + n + " steps.";
  $("halt-note").textContent = haltNote + (r.solution_note ? " Solution: " + r.solution_note + "." : "");
  $("final-verdict").replaceChildren(el("b", {}, "Final answer: "), verdictSpan(r.correct, r.verdict));
  show(n);
}

function verdictSpan(ok, text) {
  return el("span", { class: ok === true ? "verdict-ok" : ok === false ? "verdict-bad" : "muted" }, (ok === true ? "✓ " : ok === false ? "✗ " : "") + text);
}

function show(k) {
  const r = result, st = r.steps[k - 1];
  $("step-slider").value = k;
  $("step-label").textContent = "step " + k + " / " + r.steps.length + " · halt " + st.halt_probability.toFixed(3) + (st.q_halt_logit > 0 ? " (halts)" : "");
  $("step-verdict").replaceChildren(el("b", {}, "Step " + k + ": "), st.changed + " cell" + (st.changed === 1 ? "" : "s") + " changed · ",
    verdictSpan(st.correct, st.correct === true ? "correct" : st.correct === false ? "not solved" : "no checker"),
    st.wrong_cells ? " · " + st.wrong_cells.length + " wrong" : "");
  const grid = r.task === "sudoku" ? sudokuGrid(r, st) : r.task === "maze" ? mazeGrid(r, st) : el("pre", {}, st.answer);
  grid.id = "answer-grid";
  grid.dataset.answer = st.answer;
  $("grid").replaceChildren(grid);
  lineChart($("halt-chart"), [{ name: "sigmoid(q_halt)", points: r.steps.map(s => [s.step, s.halt_probability]), highlight: k }],
    { yMin: 0, yMax: 1, hline: 0.5, marks: r.halt_step ? [{ x: r.halt_step, label: "stops at " + r.halt_step }] : [] });
}

function sudokuGrid(r, st) {
  const n = Math.round(Math.sqrt(r.input.length)), box = n === 9 ? [3, 3] : n === 6 ? [2, 3] : [2, 2];
  const changed = new Set(st.changed_cells), wrong = new Set(st.wrong_cells || []);
  const t = el("table", { class: "sudoku" });
  for (let row = 0; row < n; row++) {
    const tr = el("tr");
    for (let c = 0; c < n; c++) {
      const i = row * n + c, given = r.input[i] !== ".";
      const cls = [cellClass(row, c, n, box), given ? "given" : "pred", changed.has(i) ? "changed" : "", wrong.has(i) ? "wrong" : ""].join(" ").trim();
      tr.append(el("td", { class: cls }, st.answer[i] === "." ? "" : st.answer[i]));
    }
    t.append(tr);
  }
  return t;
}

function mazeGrid(r, st) {
  const n = Math.round(Math.sqrt(r.input.length)), changed = new Set(st.changed_cells), tok = { "#": 1, " ": 2, "S": 3, "G": 4, "o": 5 };
  const t = el("table", { class: "maze" });
  for (let row = 0; row < n; row++) {
    const tr = el("tr");
    for (let c = 0; c < n; c++) {
      const i = row * n + c, ch = st.answer[i];
      tr.append(el("td", { class: "t" + (tok[ch] || 0) + (changed.has(i) ? " changed" : "") }, ch === "S" || ch === "G" ? ch : ""));
    }
    t.append(tr);
  }
  return t;
}

function play() {
  if (timer) { stop(); return; }
  const s = $("step-slider");
  if (+s.value >= +s.max) show(1);
  $("play").textContent = "❚❚ Pause";
  timer = setInterval(() => { if (+s.value >= +s.max) stop(); else show(+s.value + 1); }, 700);
}

function stop() { clearInterval(timer); timer = null; $("play").textContent = "▶ Play"; }

// ---------------------------------------------------------------------------------------------- ARC

function showArc(r) {
  $("result").hidden = true;
  const box = $("arc-result");
  box.hidden = false;
  const box2 = (cap, g) => el("div", { class: "arcbox" }, el("div", { class: "cap" }, cap), arcGrid(g));
  box.replaceChildren(el("h2", {}, "Task " + r.task + " · " + r.versions + " versions voted" + (r.trained ? "" : " (not in the model's data set: blank puzzle embedding)")),
    el("h3", {}, "Demonstrations"),
    el("div", {}, r.demos.map((d, i) => el("div", { class: "arcpair" }, box2("demo " + (i + 1) + " input", d.input), "→", box2("output", d.output)))),
    r.tests.map(t => el("div", {},
      el("h3", {}, "Test " + t.test),
      box2("input", t.input),
      t.candidates.map((c, k) => box2("attempt " + (k + 1) + " · " + c.votes + " vote" + (c.votes === 1 ? "" : "s") + (t.expected && t.rank_of_expected === k + 1 ? " ✓" : ""), c.grid)),
      t.expected ? box2("expected", t.expected) : null,
      el("p", {}, t.expected === null ? el("span", { class: "muted" }, "no expected output in the task")
        : verdictSpan(t.rank_of_expected >= 1 && t.rank_of_expected <= 2, t.rank_of_expected >= 1 && t.rank_of_expected <= 2
          ? "solved (attempt " + t.rank_of_expected + ")" : "not solved in 2 attempts")))));
}

init().catch(err => status(err.message, true));
