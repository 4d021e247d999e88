// Shared by the solve and runs pages: the JSON API, element building, ARC colours, line charts.
"use strict";

async function api(path, body) {
  const opts = body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
  const r = await fetch(path, opts);
  const data = await r.json().catch(() => ({ error: "HTTP " + r.status }));
  if (!r.ok) throw new Error(data.error || ("HTTP " + r.status));
  return data;
}

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids.flat()) if (k !== null && k !== undefined) e.append(k);
  return e;
}

// The usual ARC palette, colours 0..9.
const ARC_COLOURS = ["#000000", "#0074D9", "#FF4136", "#2ECC40", "#FFDC00", "#AAAAAA", "#F012BE", "#FF851B", "#7FDBFF", "#870C25"];

function arcGrid(rows) {
  return el("table", { class: "arc" }, rows.map(r => el("tr", {}, r.map(v => el("td", { style: "background:" + ARC_COLOURS[v] })))));
}

const SERIES_COLOURS = ["#2f6fed", "#e8590c", "#1a7f37", "#9c36b5", "#c92a2a", "#0b7285"];

// A line chart of series [{name, points: [[x, y], ...]}] on a canvas; marks: [{x, label}] drawn as vertical lines.
function lineChart(canvas, series, opts = {}) {
  const dpr = window.devicePixelRatio || 1, W = canvas.clientWidth || 330, H = canvas.clientHeight || 180;
  canvas.width = W * dpr; canvas.height = H * dpr;
  const g = canvas.getContext("2d");
  g.scale(dpr, dpr);
  g.clearRect(0, 0, W, H);
  const L = 46, R = 8, T = 8, B = 22, pts = series.flatMap(s => s.points).filter(p => Number.isFinite(p[1]));
  g.font = "11px system-ui, sans-serif"; g.fillStyle = "#667085";
  if (!pts.length) { g.fillText("no data yet", L, H / 2); return; }
  let x0 = Math.min(...pts.map(p => p[0])), x1 = Math.max(...pts.map(p => p[0]));
  let y0 = opts.yMin ?? Math.min(...pts.map(p => p[1])), y1 = opts.yMax ?? Math.max(...pts.map(p => p[1]));
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y1 += 0.5; y0 -= 0.5; }
  const X = x => L + (x - x0) / (x1 - x0) * (W - L - R), Y = y => T + (1 - (y - y0) / (y1 - y0)) * (H - T - B);
  g.strokeStyle = "#e4e7ec"; g.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const y = y0 + (y1 - y0) * i / 4;
    g.beginPath(); g.moveTo(L, Y(y)); g.lineTo(W - R, Y(y)); g.stroke();
    g.fillText(fmt(y), 2, Y(y) + 4);
  }
  const fx = opts.xLabel || (x => String(Math.round(x)));
  g.fillText(fx(x0), L, H - 6);
  const xl = fx(x1); g.fillText(xl, W - R - g.measureText(xl).width, H - 6);
  for (const m of opts.marks || []) {
    g.strokeStyle = m.colour || "#c62828"; g.setLineDash([4, 3]);
    g.beginPath(); g.moveTo(X(m.x), T); g.lineTo(X(m.x), H - B); g.stroke(); g.setLineDash([]);
    g.fillStyle = m.colour || "#c62828"; g.fillText(m.label || "", Math.min(X(m.x) + 3, W - 60), T + 10);
  }
  if (opts.hline !== undefined) {
    g.strokeStyle = "#98a2b3"; g.setLineDash([2, 3]);
    g.beginPath(); g.moveTo(L, Y(opts.hline)); g.lineTo(W - R, Y(opts.hline)); g.stroke(); g.setLineDash([]);
  }
  series.forEach((s, i) => {
    const c = s.colour || SERIES_COLOURS[i % SERIES_COLOURS.length], ps = s.points.filter(p => Number.isFinite(p[1]));
    g.strokeStyle = c; g.fillStyle = c; g.lineWidth = 1.6;
    g.beginPath(); ps.forEach((p, k) => k ? g.lineTo(X(p[0]), Y(p[1])) : g.moveTo(X(p[0]), Y(p[1]))); g.stroke();
    if (ps.length < 40) for (const p of ps) { g.beginPath(); g.arc(X(p[0]), Y(p[1]), 2.5, 0, 7); g.fill(); }
    if (s.highlight !== undefined) {
      const p = ps.find(q => q[0] === s.highlight);
      if (p) { g.beginPath(); g.arc(X(p[0]), Y(p[1]), 5, 0, 7); g.stroke(); }
    }
  });
  if (series.length > 1 || opts.legend) {
    let lx = L + 4;
    series.forEach((s, i) => {
      g.fillStyle = s.colour || SERIES_COLOURS[i % SERIES_COLOURS.length];
      g.fillRect(lx, T + 2, 10, 3); g.fillText(s.name, lx + 13, T + 7); lx += 20 + g.measureText(s.name).width;
    });
  }
}

function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}
