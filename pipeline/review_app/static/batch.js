// woo-redact review: the batch (start) page. Everything comes from this server; nothing external.
"use strict";
const T = new URLSearchParams(location.search).get("t") || "";
const q = (path, params = {}) => path + "?" + new URLSearchParams({ t: T, ...params });
const PALETTE = ["#d62728", "#1f77b4", "#9467bd", "#ff7f0e", "#2ca02c", "#8c564b", "#e377c2", "#17becf"];
let docs = [];
let colours = {};

function colour(ground) {
  if (colours[ground]) return colours[ground];
  let h = 0;
  for (const c of ground) h = (h * 31 + c.charCodeAt(0)) >>> 0;
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

function visible(d, filter) {
  if (filter === "unreviewed") return !d.seen || d.reviewed < d.findings;
  if (filter === "low") return d.low > 0;
  if (filter === "flagged") return d.flags.length > 0;
  return true;
}

function render() {
  const filter = document.getElementById("filter").value;
  const body = document.getElementById("docs");
  body.replaceChildren();
  for (const d of docs.filter((x) => visible(x, filter))) {
    const grounds = el("td");
    for (const [g, n] of Object.entries(d.per_ground)) {
      grounds.append(el("span", { class: "badge", style: `background:${colour(g)}` }, `${g}: ${n}`));
    }
    if (d.keep) grounds.append(el("span", { class: "badge keep" }, `leesbaar: ${d.keep}`));
    if (d.areas) grounds.append(el("span", { class: "badge keep" }, `getekend: ${d.areas}`));
    const pct = d.findings ? Math.round((100 * d.reviewed) / d.findings) : d.seen ? 100 : 0;
    const bar = el("span", { class: "progress" }, el("span", { style: `width:${pct}%` }));
    const link = el("a", { href: q("/doc", { d: d.number }), "data-document": d.document }, d.document);
    body.append(
      el("tr", { "data-number": d.number },
        el("td", {}, d.number), el("td", {}, link), el("td", {}, d.status), el("td", {}, d.pages), grounds,
        el("td", {}, `${d.reviewed}/${d.findings}`, bar, d.seen ? " ✓" : ""),
        el("td", { class: "flag" }, [...d.flags, d.low ? `${d.low} lage score(s)` : ""].filter(Boolean).join("; ")))
    );
  }
  const done = docs.filter((d) => d.seen && d.reviewed >= d.findings).length;
  document.getElementById("summary").textContent = `${docs.length} documenten, ${done} volledig beoordeeld`;
}

async function load() {
  const r = await fetch(q("/api/batch"));
  const data = await r.json();
  docs = data.documents;
  colours = data.colours;
  render();
}

async function search(ev) {
  ev.preventDefault();
  const text = document.getElementById("search").value;
  const list = document.getElementById("results");
  list.replaceChildren();
  const r = await fetch(q("/api/search", { q: text }));
  const data = await r.json();
  if (!data.results.length) list.append(el("li", {}, "Niets gevonden."));
  for (const hit of data.results) {
    const a = el("a", { href: q("/doc", { d: hit.number }) + `#p${hit.page}` }, `${hit.document} p. ${hit.page}`);
    list.append(el("li", {}, a, ": … ", hit.context, " …"));
  }
}

document.getElementById("filter").addEventListener("change", render);
document.getElementById("search-form").addEventListener("submit", search);
load();
