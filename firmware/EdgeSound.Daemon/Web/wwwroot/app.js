// EdgeSound dashboard: live level and spectrogram (Server-Sent Events from /api/live), recent events with their
// clips and feedback, the day's levels and class occupancy, the cue designer, the model's labels. Plain browser
// JavaScript, no libraries.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const headers = token ? { Authorization: "Bearer " + token } : {};
const $ = (id) => document.getElementById(id);
let calibration = null;

async function getJson(path) {
  const r = await fetch(path, { headers });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}

// A JSON request with the token; a refusal throws the server's one-line reason.
async function send(method, path, body) {
  const r = await fetch(path, { method, headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error((await r.text()).trim() || path + ": HTTP " + r.status);
  return r;
}

function withToken(path) { return token ? path + "?token=" + encodeURIComponent(token) : path; }

function unit() { return calibration === null ? "dBFS" : "dB SPL"; }
function shown(dbfs) { return calibration === null ? dbfs : dbfs + calibration; }
function fmtTime(iso) { return new Date(iso).toLocaleTimeString(); }

// Live level meter: -90..0 dBFS across the bar.
function showLevel(m) {
  if (m.laeq === null) return;
  $("level").textContent = shown(m.laeq).toFixed(1);
  $("meter-bar").style.width = Math.max(0, Math.min(100, (m.laeq + 90) / 90 * 100)) + "%";
}

// Scrolling spectrogram: one column per int8 log-mel frame, lowest band at the bottom.
const spec = $("spectrogram");
const sctx = spec.getContext("2d");
sctx.fillStyle = "#000";
sctx.fillRect(0, 0, spec.width, spec.height);
// Colour scale: follows the loudest and quietest bands heard lately (fast to widen, slow to narrow), so quiet
// rooms and loud streets both show their structure; palette from black through purple and orange to yellow.
let lo = -20, hi = 60;
const palette = [[0, 0, 4], [40, 11, 84], [101, 21, 110], [159, 42, 99], [212, 72, 66], [245, 125, 21], [250, 193, 39], [252, 255, 164]];
function colour(v) {
  const t = Math.max(0, Math.min(1, (v - lo) / Math.max(1, hi - lo))) * (palette.length - 1);
  const i = Math.min(palette.length - 2, Math.floor(t)), f = t - i;
  return palette[i].map((c, k) => Math.round(c + (palette[i + 1][k] - c) * f));
}
function track(frames) {
  let min = 127, max = -128;
  for (const v of frames) { if (v < min) min = v; if (v > max) max = v; }
  lo = min < lo ? min : lo + (min - lo) * 0.002;
  hi = max > hi ? max : hi + (max - hi) * 0.002;
}
function showMel(m) {
  const bytes = Uint8Array.from(atob(m.data), (c) => c.charCodeAt(0));
  const frames = new Int8Array(bytes.buffer);
  track(frames);
  sctx.drawImage(spec, -m.frames, 0);
  const column = sctx.createImageData(1, spec.height);
  for (let f = 0; f < m.frames; f++) {
    for (let y = 0; y < spec.height; y++) {
      const band = Math.floor((spec.height - 1 - y) * m.bands / spec.height);
      const [r, g, b] = colour(frames[f * m.bands + band]);
      const i = y * 4;
      column.data[i] = r; column.data[i + 1] = g; column.data[i + 2] = b; column.data[i + 3] = 255;
    }
    sctx.putImageData(column, spec.width - m.frames + f, 0);
  }
}

function connectLive() {
  const source = new EventSource("api/live" + (token ? "?token=" + encodeURIComponent(token) : ""));
  source.onopen = () => { $("status").textContent = "listening"; };
  source.onerror = () => { $("status").textContent = "reconnecting"; };
  source.addEventListener("level", (e) => showLevel(JSON.parse(e.data)));
  source.addEventListener("mel", (e) => showMel(JSON.parse(e.data)));
}

// Recent events; a row whose event kept a clip gets play, confirm, false-alarm and relabel controls. Rows are
// rebuilt only when the events change, so a control in use is not replaced under the user's finger.
let labels = [], shownEvents = "";
const verdicts = new Map();
async function refreshEvents() {
  const events = await getJson("api/events?limit=50");
  const key = JSON.stringify(events);
  if (key === shownEvents) return;
  shownEvents = key;
  const body = $("events").tBodies[0];
  body.replaceChildren(...events.map((e) => {
    const row = document.createElement("tr");
    for (const text of [fmtTime(e.time), e.label, e.score.toFixed(2), shown(e.level_dbfs).toFixed(1) + " " + unit()]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    const cell = document.createElement("td");
    cell.className = "clip";
    if (e.clip) cell.append(...clipControls(e.clip));
    row.append(cell);
    return row;
  }));
}

function button(text, className, onClick) {
  const b = document.createElement("button");
  b.textContent = text;
  b.className = className;
  b.addEventListener("click", onClick);
  return b;
}

function clipControls(clip) {
  const status = document.createElement("span");
  status.className = "dim";
  status.textContent = verdicts.get(clip) || "";
  const verdict = (body) => send("POST", "api/feedback", { clip_id: clip, ...body })
    .then(() => { verdicts.set(clip, body.label || body.verdict.replace("_", " ")); status.textContent = verdicts.get(clip); })
    .catch((x) => { status.textContent = x.message; });
  const relabel = document.createElement("select");
  relabel.className = "relabel";
  relabel.append(new Option("relabel…", ""), ...labels.map((l) => new Option(l, l)));
  relabel.addEventListener("change", () => { if (relabel.value) verdict({ verdict: "relabel", label: relabel.value }); });
  return [
    button("▶", "play-clip", () => { const a = $("clip-audio"); a.src = withToken("api/clips/" + encodeURIComponent(clip) + ".wav"); a.play().catch(() => {}); }),
    button("✓", "confirm", () => verdict({ verdict: "confirm" })),
    button("✗", "false-alarm", () => verdict({ verdict: "false_alarm" })),
    relabel, status,
  ];
}

function empty(ctx, text) {
  ctx.fillStyle = "#8b98a5"; ctx.font = "14px sans-serif";
  ctx.fillText(text, 12, 24);
}

// Day view: LAeq, L10, L90 per minute against time over the last 24 hours.
function drawLevels(minutes) {
  const c = $("levels"), ctx = c.getContext("2d");
  ctx.fillStyle = "#000"; ctx.fillRect(0, 0, c.width, c.height);
  const end = Date.now(), start = end - 24 * 3600e3;
  const values = minutes.flatMap((m) => [m.l10, m.l90, m.laeq]).filter((v) => v !== null);
  if (values.length === 0) return empty(ctx, "no complete minute stored yet");
  const hi = Math.ceil(Math.max(...values) / 10) * 10, lo = Math.floor(Math.min(...values) / 10) * 10 - 10;
  const x = (t) => (t - start) / (end - start) * c.width;
  const y = (v) => c.height - (v - lo) / (hi - lo) * c.height;
  ctx.strokeStyle = "#2d333b"; ctx.fillStyle = "#8b98a5"; ctx.font = "11px sans-serif";
  for (let v = lo; v <= hi; v += 10) {
    ctx.beginPath(); ctx.moveTo(0, y(v)); ctx.lineTo(c.width, y(v)); ctx.stroke();
    ctx.fillText(shown(v).toFixed(0), 2, y(v) - 2);
  }
  for (const [key, col] of [["l90", "#3fb950"], ["l10", "#f85149"], ["laeq", "#58a6ff"]]) {
    ctx.fillStyle = col;
    for (const m of minutes) {
      if (m[key] !== null) ctx.fillRect(x(Date.parse(m.start)), y(m[key]) - 1, 2, 2);
    }
  }
}

// Occupancy heatmap: rows are classes heard in the last 24 h, columns the hours, brightness the mean share.
function drawOccupancy(minutes) {
  const c = $("occupancy"), ctx = c.getContext("2d");
  ctx.fillStyle = "#000"; ctx.fillRect(0, 0, c.width, c.height);
  const hourStart = (t) => Math.floor(t / 3600e3);
  const now = hourStart(Date.now()), sums = new Map(), counts = new Map();
  for (const m of minutes) {
    const h = 23 - (now - hourStart(Date.parse(m.start)));
    if (h < 0 || h > 23) continue;
    counts.set(h, (counts.get(h) || 0) + 1);
    for (const [label, share] of Object.entries(m.occupancy)) {
      if (!sums.has(label)) sums.set(label, new Array(24).fill(0));
      sums.get(label)[h] += share;
    }
  }
  const labels = [...sums.keys()].sort();
  if (labels.length === 0) return empty(ctx, "no class active in the last 24 hours");
  const left = 110, rowH = Math.min(24, (c.height - 14) / labels.length), colW = (c.width - left) / 24;
  ctx.font = "11px sans-serif";
  labels.forEach((label, r) => {
    ctx.fillStyle = "#e6edf3";
    ctx.fillText(label.slice(0, 16), 2, r * rowH + rowH * 0.7);
    for (let h = 0; h < 24; h++) {
      const share = counts.get(h) ? sums.get(label)[h] / counts.get(h) : 0;
      ctx.fillStyle = "rgba(255, 166, 0, " + Math.min(1, share * 2 + (share > 0 ? 0.1 : 0)) + ")";
      ctx.fillRect(left + h * colW + 1, r * rowH + 1, colW - 2, rowH - 2);
    }
  });
  ctx.fillStyle = "#8b98a5";
  for (let h = 0; h < 24; h += 6) {
    const hour = new Date((now - 23 + h) * 3600e3).getHours();
    ctx.fillText(hour + ":00", left + h * colW, c.height - 2);
  }
}

async function refreshDay() {
  const minutes = await getJson("api/levels?minutes=1440");
  drawLevels(minutes);
  drawOccupancy(minutes);
}

async function loadModel() {
  const m = await getJson("api/model");
  labels = m.classes.map((k) => k.label);
  calibration = m.calibration_db;
  $("model").textContent = m.model;
  $("level-unit").textContent = unit();
  $("levels-unit").textContent = unit();
  $("classes").tBodies[0].replaceChildren(...m.classes.map((k) => {
    const row = document.createElement("tr");
    for (const text of [k.label, k.threshold.toFixed(2), k.enabled ? "on" : "off"]) {
      const cell = document.createElement("td");
      cell.textContent = text;
      row.append(cell);
    }
    return row;
  }));
}

// Cue designer: edit or compose a pattern, hear it rendered by the daemon's own renderer, save it to a class; or
// compose two candidates, hear both and choose one (the choice is stored and becomes the class's cue).
let cues = [];
const keys = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];
const ab = { a: "", b: "" };
function note(text) { $("cue-note").textContent = text; }
function composeInputs(seed) {
  return { tempo: +$("cue-tempo").value, key: $("cue-key").value, mode: $("cue-mode").value, brightness: +$("cue-brightness").value,
    noisiness: +$("cue-noisiness").value, length: +$("cue-length").value, seed };
}
async function compose(seed) { return (await (await send("POST", "api/cues/compose", composeInputs(seed))).json()).pattern; }
async function play(pattern) {
  const wav = await (await send("POST", "api/cues/render", { pattern })).blob();
  const audio = $("cue-audio");
  if (audio.src.startsWith("blob:")) URL.revokeObjectURL(audio.src);
  audio.src = URL.createObjectURL(wav);
  audio.play().catch(() => {});
}
function showSliders() { for (const id of ["tempo", "brightness", "noisiness"]) $("cue-" + id + "-v").textContent = " " + $("cue-" + id).value; }
function showCue() {
  const c = cues.find((k) => k.label === $("cue-label").value);
  $("cue-pattern").value = c && c.pattern ? c.pattern : "";
  $("cue-source").textContent = !c || !c.source ? "no cue yet" : c.source === "designer" ? "saved from this page" : "from the configuration";
  note("The device holds no sound profile for its classes: the sliders start at neutral values.");
  refreshComparisons().catch((x) => note(x.message));
}
async function refreshComparisons() {
  const label = $("cue-label").value;
  if (!label) return;
  const list = await getJson("api/cues/" + encodeURIComponent(label) + "/comparison");
  $("ab-history").textContent = list.length === 0 ? "No comparison for " + label + " yet."
    : list.length + " comparison(s) for " + label + "; last chose " + list[list.length - 1].choice.toUpperCase() + " on " + new Date(list[list.length - 1].time).toLocaleString() + ".";
}
async function loadCues() {
  const c = await getJson("api/cues");
  cues = c.classes;
  $("cue-tempo").min = c.composer.min_tempo; $("cue-tempo").max = c.composer.max_tempo; $("cue-length").max = c.composer.max_length;
  $("cue-label").replaceChildren(...cues.map((k) => new Option(k.label + (k.pattern ? "" : " (no cue)"), k.label)));
  showCue();
}
function act(task) { return () => task().catch((x) => note(x.message)); }
function setupCues() {
  $("cue-key").replaceChildren(...keys.map((k) => new Option(k, k)));
  for (const id of ["tempo", "brightness", "noisiness"]) $("cue-" + id).addEventListener("input", showSliders);
  showSliders();
  $("cue-label").addEventListener("change", showCue);
  $("cue-compose").addEventListener("click", act(async () => { $("cue-pattern").value = await compose(+$("cue-seed").value); note("Composed; Play to hear it, Save to keep it."); }));
  $("cue-play").addEventListener("click", act(() => play($("cue-pattern").value)));
  $("cue-save").addEventListener("click", act(async () => {
    const label = $("cue-label").value;
    await send("PUT", "api/cues/" + encodeURIComponent(label), { pattern: $("cue-pattern").value });
    await loadCues();
    $("cue-label").value = label; showCue();
    note("Saved: the next " + label + " event plays it.");
  }));
  $("ab-compose").addEventListener("click", act(async () => {
    const seed = +$("cue-seed").value;
    ab.a = await compose(seed); ab.b = await compose(seed + 1);
    $("ab-a").textContent = ab.a; $("ab-b").textContent = ab.b;
    for (const id of ["ab-play-a", "ab-play-b", "ab-choose-a", "ab-choose-b"]) $(id).disabled = false;
  }));
  for (const side of ["a", "b"]) {
    $("ab-play-" + side).addEventListener("click", act(() => play(ab[side])));
    $("ab-choose-" + side).addEventListener("click", act(async () => {
      const label = $("cue-label").value;
      await send("POST", "api/cues/" + encodeURIComponent(label) + "/comparison", { a: ab.a, b: ab.b, choice: side });
      await loadCues();
      $("cue-label").value = label; showCue();
      note("Chose " + side.toUpperCase() + ": stored, and now the cue of " + label + ".");
    }));
  }
}

function every(ms, task) {
  const run = () => task().catch((e) => { $("status").textContent = e.message; });
  run();
  setInterval(run, ms);
}

setupCues();
loadModel().catch((e) => { $("status").textContent = e.message; }).finally(() => {
  connectLive();
  every(2000, refreshEvents);
  every(60000, refreshDay);
  loadCues().catch((e) => note(e.message));
});
