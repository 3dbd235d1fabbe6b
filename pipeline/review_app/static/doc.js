// woo-redact review: one document's pages with the proposed boxes. Nothing external is loaded.
// Automation contract: every finding box has data-finding-id and data-decision (redact/keep);
// clicking it flips the decision; [data-action=save] saves.
"use strict";
const params = new URLSearchParams(location.search);
const T = params.get("t") || "";
const D = Number(params.get("d"));
const q = (path, extra = {}) => path + "?" + new URLSearchParams({ t: T, ...extra });
const PALETTE = ["#d62728", "#1f77b4", "#9467bd", "#ff7f0e", "#2ca02c", "#8c564b", "#e377c2", "#17becf"];
const SCALE = 1.5; // CSS pixels per point: the page images are rendered at the same scale

let data = null; // /api/doc
let findings = []; // [{...finding, dirty}]
let areas = []; // drawn boxes [{id, page, box, ground, decision}]
let pending = []; // everywhere rows not yet saved [{text, decision, ground}]
let proposed = null; // everywhere action awaiting confirmation
let selected = -1;
let dirty = false;
let newAreas = 0;

function colour(ground) {
  if (data && data.colours[ground]) return data.colours[ground];
  let h = 0;
  for (const c of ground || "") h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k === "style") e.style.cssText = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function setStatus(text) {
  document.getElementById("status").textContent = text;
}

function markDirty() {
  dirty = true;
  setStatus("niet opgeslagen wijzigingen");
}

function defaultGround() {
  return document.getElementById("ground").value;
}

function place(node, page, box) {
  const [x0, top, x1, bottom] = box;
  node.style.left = `${(100 * (x0 - page.x0)) / page.width}%`;
  node.style.top = `${(100 * (top - page.top)) / page.height}%`;
  node.style.width = `${(100 * (x1 - x0)) / page.width}%`;
  node.style.height = `${(100 * (bottom - top)) / page.height}%`;
}

function styleBox(node, item) {
  const c = item.decision === "redact" ? colour(item.ground) : "#555";
  node.dataset.decision = item.decision;
  node.style.borderColor = c;
  node.style.background = c;
}

function tip(item) {
  if (item.entity === undefined) return `Getekend vak · ${item.ground} · ${item.decision === "redact" ? "lakken" : "vervalt"}`;
  return `${item.text}\n${item.entity} · score ${item.score} · ${item.recognizer} · regel ${item.rule}\n` +
    `${item.decision === "redact" ? "lakken, grond " + item.ground : "blijft leesbaar"}`;
}

function renderPages() {
  const root = document.getElementById("pages");
  root.replaceChildren();
  for (const page of data.pages) {
    const div = el("div", {
      class: "page", id: `p${page.index + 1}`, "data-page": page.index,
      style: `width:${page.width * SCALE}px;height:${page.height * SCALE}px`,
    });
    div.append(el("img", { src: q("/page", { d: D, p: page.index }), alt: `pagina ${page.index + 1}`, draggable: "false" }));
    div.append(el("span", { class: "no" }, `p. ${page.index + 1}`));
    root.append(div);
  }
  drawBoxes();
}

function drawBoxes() {
  document.querySelectorAll(".box, .everywhere").forEach((n) => n.remove());
  const pages = document.querySelectorAll(".page");
  for (const ew of data.everywhere) {
    for (const [p, ...box] of ew.boxes) {
      const n = el("div", { class: "everywhere", "data-kind": ew.decision });
      place(n, data.pages[p], box);
      if (ew.decision === "redact-everywhere") n.style.background = colour(ew.ground);
      pages[p].append(n);
    }
  }
  findings.forEach((f, i) => {
    for (const box of f.boxes) {
      const n = el("div", { class: "box", "data-finding-id": f.id, "data-index": i });
      place(n, data.pages[f.page], box);
      styleBox(n, f);
      pages[f.page].append(n);
    }
  });
  areas.forEach((a, i) => {
    const n = el("div", { class: "box area", "data-finding-id": a.id, "data-area": i });
    place(n, data.pages[a.page], a.box);
    styleBox(n, a);
    pages[a.page].append(n);
  });
  renderList();
  renderLegend();
  select(selected, false);
}

function renderLegend() {
  const used = new Set([...findings, ...areas].filter((x) => x.decision === "redact").map((x) => x.ground));
  data.everywhere.filter((e) => e.decision === "redact-everywhere").forEach((e) => used.add(e.ground));
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const g of [...used].sort()) {
    legend.append(el("span", { class: "badge", style: `background:${colour(g)}`, title: data.grounds[g] || "" }, g));
  }
  legend.append(el("span", { class: "badge keep" }, "gestippeld: leesbaar"));
}

function groundSelect(current, onChange) {
  const sel = el("select");
  for (const code of Object.keys(data.grounds)) {
    const o = el("option", { value: code, title: data.grounds[code] }, code);
    if (code === current) o.selected = true;
    sel.append(o);
  }
  sel.addEventListener("change", () => {
    onChange(sel.value);
    markDirty();
    drawBoxes();
  });
  sel.addEventListener("click", (ev) => ev.stopPropagation());
  return sel;
}

function renderList() {
  const list = document.getElementById("list");
  list.replaceChildren();
  findings.forEach((f, i) => {
    const sel = groundSelect(f.ground, (g) => {
      f.ground = g;
      f.decision = "redact";
      f.dirty = true;
    });
    sel.dataset.groundFor = f.id;
    const li = el("li", { class: f.decision, "data-index": i },
      el("span", { class: "t", title: tip(f) }, f.text), el("span", { class: "small" }, `${f.entity} ${f.score}`), sel);
    li.addEventListener("click", () => select(i, true));
    list.append(li);
  });
  areas.forEach((a) => {
    const sel = groundSelect(a.ground, (g) => {
      a.ground = g;
      a.decision = "redact";
    });
    const li = el("li", { class: a.decision },
      el("span", { class: "t" }, `getekend vak, p. ${a.page + 1}`), el("span", { class: "small" }, a.id), sel);
    li.addEventListener("click", () => document.querySelector(`.box[data-finding-id="${a.id}"]`)?.scrollIntoView({ block: "center" }));
    list.append(li);
  });
  const ew = document.getElementById("ew-list");
  ew.replaceChildren();
  for (const e of [...data.everywhere, ...pending]) {
    ew.append(el("li", {}, `${e.decision === "redact-everywhere" ? "overal lakken" : "overal leesbaar"}: «${e.text}»` +
      (e.boxes ? "" : " (nog niet opgeslagen)")));
  }
}

function select(i, scroll) {
  document.querySelectorAll(".selected").forEach((n) => n.classList.remove("selected"));
  if (i < 0 || i >= findings.length) return;
  selected = i;
  const boxes = document.querySelectorAll(`.box[data-index="${i}"]`);
  boxes.forEach((n) => n.classList.add("selected"));
  const li = document.querySelector(`#list li[data-index="${i}"]`);
  if (li) li.classList.add("selected");
  if (scroll && boxes.length) boxes[0].scrollIntoView({ block: "center" });
  if (li) li.scrollIntoView({ block: "nearest" });
}

function flip(i) {
  const f = findings[i];
  f.decision = f.decision === "redact" ? "keep" : "redact";
  if (f.decision === "redact" && !f.ground) f.ground = defaultGround();
  f.dirty = true;
  markDirty();
  drawBoxes();
  select(i, false);
}

function onBoxClick(ev) {
  const n = ev.target.closest(".box");
  if (!n) return false;
  ev.stopPropagation();
  ev.preventDefault();
  if (n.dataset.area !== undefined) {
    const a = areas[Number(n.dataset.area)];
    a.decision = a.decision === "redact" ? "keep" : "redact";
    markDirty();
    drawBoxes();
  } else {
    flip(Number(n.dataset.index));
  }
  return true;
}

function showTip(ev) {
  const n = ev.target.closest(".box");
  const t = document.getElementById("tip");
  if (!n) {
    t.style.display = "none";
    return;
  }
  const item = n.dataset.area !== undefined ? areas[Number(n.dataset.area)] : findings[Number(n.dataset.index)];
  t.textContent = tip(item);
  t.style.whiteSpace = "pre-line";
  t.style.left = `${ev.clientX + 12}px`;
  t.style.top = `${ev.clientY + 12}px`;
  t.style.display = "block";
}

// Drawing a box: drag on the page (not on a box).
let drag = null;
function onDown(ev) {
  if (ev.button !== 0 || ev.target.closest(".box")) return;
  const pageDiv = ev.target.closest(".page");
  if (!pageDiv) return;
  ev.preventDefault();
  const r = pageDiv.getBoundingClientRect();
  drag = { pageDiv, r, x: ev.clientX - r.left, y: ev.clientY - r.top, rubber: el("div", { class: "rubber" }) };
  pageDiv.append(drag.rubber);
  onMove(ev);
}
function onMove(ev) {
  if (!drag) return;
  const x = Math.min(Math.max(ev.clientX - drag.r.left, 0), drag.r.width);
  const y = Math.min(Math.max(ev.clientY - drag.r.top, 0), drag.r.height);
  Object.assign(drag.rubber.style, {
    left: `${Math.min(x, drag.x)}px`, top: `${Math.min(y, drag.y)}px`,
    width: `${Math.abs(x - drag.x)}px`, height: `${Math.abs(y - drag.y)}px`,
  });
  drag.x1 = x;
  drag.y1 = y;
}
function onUp() {
  if (!drag) return;
  const { pageDiv, r, x, y, x1, y1, rubber } = drag;
  drag = null;
  rubber.remove();
  if (Math.abs(x1 - x) < 4 || Math.abs(y1 - y) < 4) return;
  const page = data.pages[Number(pageDiv.dataset.page)];
  const px = (v) => page.x0 + (v / r.width) * page.width;
  const py = (v) => page.top + (v / r.height) * page.height;
  newAreas += 1;
  areas.push({
    id: `new-${newAreas}`, page: page.index, ground: defaultGround(), decision: "redact",
    box: [px(Math.min(x, x1)), py(Math.min(y, y1)), px(Math.max(x, x1)), py(Math.max(y, y1))],
  });
  markDirty();
  drawBoxes();
}

async function everywhere(decision) {
  const text = document.getElementById("ew-text").value.trim();
  if (text.length < 2) {
    setStatus("tekst van minstens 2 tekens nodig");
    return;
  }
  const r = await fetch(q("/api/count", { text }));
  const c = await r.json();
  const ground = document.getElementById("ew-ground").value;
  proposed = { text, decision, ground };
  const what = decision === "redact-everywhere" ? `lakken (grond ${ground})` : "leesbaar laten";
  document.getElementById("ew-count").textContent =
    `«${text}» overal ${what}: ${c.places} plaats(en) in ${c.documents} document(en), ${c.proposals} voorstel(len).`;
  document.getElementById("ew-confirm").style.display = "block";
}

function confirmEverywhere() {
  if (!proposed) return;
  pending.push(proposed);
  const word = new RegExp(`(^|\\W)${proposed.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|\\W)`, "i");
  for (const f of findings) {
    if (!word.test(f.text)) continue;
    if (proposed.decision === "redact-everywhere") {
      f.decision = "redact";
      f.ground = proposed.ground;
    } else {
      f.decision = "keep";
    }
  }
  proposed = null;
  document.getElementById("ew-confirm").style.display = "none";
  markDirty();
  drawBoxes();
}

async function save() {
  const btn = document.getElementById("save");
  btn.disabled = true;
  setStatus("opslaan…");
  const changed = {};
  for (const f of findings) if (f.dirty) changed[f.id] = { decision: f.decision, ground: f.decision === "redact" ? f.ground : "" };
  const body = {
    findings: changed,
    areas: areas.filter((a) => a.decision === "redact").map((a) => ({ page: a.page, box: a.box, ground: a.ground })),
    everywhere: pending,
  };
  try {
    const r = await fetch(q("/api/save", { d: D }), {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    const res = await r.json();
    if (!r.ok) throw new Error(res.error || r.status);
    pending = [];
    dirty = false;
    await load();
    setStatus("opgeslagen");
    document.body.dataset.saved = String(Date.now());
    return true;
  } catch (e) {
    setStatus(`niet opgeslagen: ${e.message}`);
    return false;
  } finally {
    btn.disabled = false;
  }
}

async function go(number) {
  if (number === null || number === undefined) return;
  if (dirty && !(await save())) return;
  location.href = q("/doc", { d: number });
}

function onKey(ev) {
  if (ev.target.closest("input, select, textarea")) return;
  const k = ev.key;
  if ((ev.ctrlKey || ev.metaKey) && k === "s") {
    ev.preventDefault();
    save();
  } else if (ev.ctrlKey || ev.metaKey || ev.altKey) {
    return;
  } else if (k === "n" || k === "j" || k === "ArrowDown") {
    ev.preventDefault();
    select(Math.min(selected + 1, findings.length - 1), true);
  } else if (k === "p" || k === "k" || k === "ArrowUp") {
    ev.preventDefault();
    select(Math.max(selected - 1, 0), true);
  } else if ((k === "f" || k === " ") && selected >= 0) {
    ev.preventDefault();
    flip(selected);
  } else if (k === "s") {
    save();
  } else if (k === "]") {
    go(data.next);
  } else if (k === "[") {
    go(data.prev);
  }
}

async function load() {
  const r = await fetch(q("/api/doc", { d: D }));
  if (!r.ok) {
    setStatus("document niet gevonden");
    return;
  }
  const first = data === null;
  data = await r.json();
  findings = data.findings.map((f) => ({ ...f, ground: f.ground || "", dirty: false }));
  areas = data.areas.map((a) => ({ ...a }));
  newAreas = 0;
  document.title = `review: ${data.document}`;
  document.getElementById("title").textContent = data.document;
  for (const id of ["ground", "ew-ground"]) {
    const sel = document.getElementById(id);
    const keep = sel.value;
    sel.replaceChildren();
    for (const [code, desc] of Object.entries(data.grounds)) sel.append(el("option", { value: code, title: desc }, code));
    sel.value = keep || (data.grounds["5.1.2e"] ? "5.1.2e" : Object.keys(data.grounds)[0]);
  }
  document.getElementById("back").href = q("/");
  for (const [id, n] of [["prev", data.prev], ["next", data.next]]) {
    const a = document.getElementById(id);
    a.style.visibility = n === null ? "hidden" : "visible";
    a.href = n === null ? "#" : q("/doc", { d: n });
  }
  if (first) {
    renderPages();
    if (location.hash) document.querySelector(location.hash)?.scrollIntoView();
  } else {
    drawBoxes();
  }
  document.body.dataset.loaded = "1";
}

const pagesRoot = document.getElementById("pages");
pagesRoot.addEventListener("click", onBoxClick);
pagesRoot.addEventListener("mousedown", onDown);
pagesRoot.addEventListener("mousemove", showTip);
pagesRoot.addEventListener("mouseleave", () => (document.getElementById("tip").style.display = "none"));
document.addEventListener("mousemove", onMove);
document.addEventListener("mouseup", onUp);
document.addEventListener("keydown", onKey);
document.getElementById("save").addEventListener("click", save);
document.querySelector('[data-action="redact-everywhere"]').addEventListener("click", () => everywhere("redact-everywhere"));
document.querySelector('[data-action="keep-everywhere"]').addEventListener("click", () => everywhere("keep-everywhere"));
document.querySelector('[data-action="confirm-everywhere"]').addEventListener("click", confirmEverywhere);
document.querySelector('[data-action="cancel-everywhere"]').addEventListener("click", () => {
  proposed = null;
  document.getElementById("ew-confirm").style.display = "none";
});
window.addEventListener("beforeunload", (ev) => {
  if (dirty) ev.preventDefault();
});
load();
