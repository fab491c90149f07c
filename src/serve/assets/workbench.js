// The plangraph workbench: canned questions, a SPARQL editor with the
// REPL's completion, results with links to the entity pages, the network.
"use strict";

const ID = "https://w3id.org/plangraph/id/";
const PG = "https://w3id.org/plangraph/ontology#";
const $ = (id) => document.getElementById(id);
const editor = $("editor");
const prefixes = [];
for (const line of document.querySelector("details.prefixes pre").textContent.split("\n")) {
  const m = line.match(/^PREFIX (\w*): <([^>]*)>$/);
  if (m) prefixes.push([m[1], m[2]]);
}
prefixes.sort((a, b) => b[1].length - a[1].length);

function compact(iri) {
  for (const [p, ns] of prefixes) {
    if (iri.startsWith(ns) && !/[\/#]/.test(iri.slice(ns.length))) return p + ":" + iri.slice(ns.length);
  }
  return "<" + iri + ">";
}

function encodePath(text) {
  return text.split("/").map(encodeURIComponent).join("/");
}

function hrefOf(iri) {
  if (iri.startsWith(ID)) return "/id/" + encodePath(iri.slice(ID.length));
  if (iri.startsWith(PG)) return "/ontology#" + encodeURIComponent(iri.slice(PG.length));
  return iri;
}

function cell(term) {
  const td = document.createElement("td");
  if (!term) return td;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = hrefOf(term.value);
    a.title = term.value;
    a.textContent = compact(term.value);
    td.appendChild(a);
  } else {
    td.textContent = term.value;
    if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) td.className = "number";
  }
  return td;
}

function showTable(json) {
  const results = $("results");
  results.textContent = "";
  if (typeof json.boolean === "boolean") {
    const pre = document.createElement("pre");
    pre.textContent = json.boolean ? "true" : "false";
    results.appendChild(pre);
    return "answer: " + json.boolean;
  }
  const vars = json.head.vars;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th");
    th.textContent = v;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const binding of json.results.bindings) {
    const row = body.insertRow();
    for (const v of vars) row.appendChild(cell(binding[v]));
  }
  results.appendChild(table);
  const n = json.results.bindings.length;
  return n + (n === 1 ? " row" : " rows");
}

function setDownloads(query) {
  const q = encodeURIComponent(query);
  const share = location.pathname + "?query=" + q;
  $("downloads").innerHTML =
    `<a href="/sparql?query=${q}&format=csv" download="results.csv">CSV</a>` +
    `<a href="/sparql?query=${q}&format=json" download="results.json">JSON</a>` +
    `<a href="/sparql?query=${q}&format=tsv" download="results.tsv">TSV</a>` +
    `<a href="${share}">share link</a>`;
}

let running = null;
async function run(query) {
  if (running) running.abort();
  running = new AbortController();
  const status = $("status");
  status.className = "status";
  status.textContent = "running…";
  const started = performance.now();
  history.replaceState(null, "", "?query=" + encodeURIComponent(query));
  setDownloads(query);
  try {
    const response = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle;q=0.9" },
      body: query,
      signal: running.signal,
    });
    const took = Math.round(performance.now() - started) + " ms";
    const type = response.headers.get("Content-Type") || "";
    if (!response.ok) {
      status.className = "status error";
      status.textContent = (await response.text()).trim();
      $("results").textContent = "";
      return;
    }
    if (type.startsWith("application/sparql-results+json")) {
      status.textContent = showTable(await response.json()) + " · " + took;
    } else {
      const pre = document.createElement("pre");
      pre.textContent = await response.text();
      $("results").textContent = "";
      $("results").appendChild(pre);
      status.textContent = "graph · " + took;
    }
  } catch (e) {
    if (e.name !== "AbortError") {
      status.className = "status error";
      status.textContent = "the server could not be reached: " + e.message;
    }
  }
}

async function loadQuestions() {
  const list = $("questions");
  try {
    const queries = await (await fetch("/api/queries")).json();
    list.textContent = "";
    for (const q of queries) {
      const li = document.createElement("li");
      li.innerHTML = `<div class="title"></div><div class="description"></div>`;
      li.querySelector(".title").textContent = q.title || q.name;
      li.querySelector(".description").textContent = q.description;
      li.title = q.name + ".rq";
      li.addEventListener("click", () => {
        for (const other of list.children) other.classList.remove("active");
        li.classList.add("active");
        editor.value = q.text;
        run(q.text);
      });
      list.appendChild(li);
    }
  } catch (e) {
    list.innerHTML = `<li class="hint">the questions could not be loaded</li>`;
  }
}

// Completion: the text before the cursor on its line goes to the REPL's
// completer; one candidate is inserted, several are listed.
const popup = $("completions");
let choices = [], selected = 0, replaceFrom = 0;
function closePopup() { popup.hidden = true; choices = []; }
function insert(choice) {
  const pos = editor.selectionStart;
  const lineStart = editor.value.lastIndexOf("\n", pos - 1) + 1;
  const from = lineStart + replaceFrom;
  editor.setRangeText(choice.replacement, from, pos, "end");
  closePopup();
  editor.focus();
}
function renderPopup() {
  popup.textContent = "";
  choices.forEach((c, i) => {
    const li = document.createElement("li");
    li.textContent = c.display;
    if (i === selected) li.className = "selected";
    li.addEventListener("mousedown", (e) => { e.preventDefault(); insert(c); });
    popup.appendChild(li);
  });
  const lines = editor.value.slice(0, editor.selectionStart).split("\n").length;
  popup.style.left = "14px";
  popup.style.top = Math.min(12 + lines * 21 - editor.scrollTop, editor.clientHeight) + "px";
  popup.hidden = false;
}
async function complete() {
  const pos = editor.selectionStart;
  const lineStart = editor.value.lastIndexOf("\n", pos - 1) + 1;
  const line = editor.value.slice(lineStart, pos);
  const bytes = new TextEncoder().encode(line).length;
  const response = await fetch("/api/complete?line=" + encodeURIComponent(line) + "&pos=" + bytes);
  if (!response.ok) return;
  const answer = await response.json();
  replaceFrom = answer.start;
  choices = answer.candidates;
  selected = 0;
  if (choices.length === 1) insert(choices[0]);
  else if (choices.length > 1) renderPopup();
}
editor.addEventListener("keydown", (e) => {
  if (!popup.hidden) {
    if (e.key === "ArrowDown") { selected = (selected + 1) % choices.length; renderPopup(); e.preventDefault(); return; }
    if (e.key === "ArrowUp") { selected = (selected + choices.length - 1) % choices.length; renderPopup(); e.preventDefault(); return; }
    if (e.key === "Enter" || e.key === "Tab") { insert(choices[selected]); e.preventDefault(); return; }
    if (e.key === "Escape") { closePopup(); e.preventDefault(); return; }
  }
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(editor.value); return; }
  if (e.key === "Tab" || (e.key === " " && e.ctrlKey)) { e.preventDefault(); complete(); }
});
editor.addEventListener("blur", () => setTimeout(closePopup, 150));
$("run").addEventListener("click", () => run(editor.value));

// The network picture, filtered by year and plan group.
function drawNetwork() {
  const params = new URLSearchParams({ kind: $("net-kind").value });
  if ($("net-year").value) params.set("year", $("net-year").value);
  if ($("net-group").value) params.set("plan-group", $("net-group").value);
  $("network").src = "/api/network?" + params;
  params.set("format", "svg");
  $("net-svg").href = "/api/network?" + params;
}
async function loadFacets() {
  try {
    const facets = await (await fetch("/api/facets")).json();
    for (const y of facets.years) $("net-year").add(new Option(y, y));
    for (const g of facets.plan_groups) $("net-group").add(new Option(g, g));
  } catch (e) { /* the picture still draws unfiltered */ }
}
$("net-draw").addEventListener("click", drawNetwork);

// Text search, when the server offers it.
async function enableSearch() {
  const probe = await fetch("/api/search?q=", { method: "HEAD" }).catch(() => null);
  if (!probe || probe.status === 404) return;
  $("search-panel").hidden = false;
  $("search-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const terms = $("search-terms").value.trim();
    if (!terms) return;
    const status = $("status");
    status.className = "status";
    status.textContent = "searching…";
    const response = await fetch("/api/search?q=" + encodeURIComponent(terms));
    if (!response.ok) {
      status.className = "status error";
      status.textContent = (await response.text()).trim();
      return;
    }
    status.textContent = showTable(await response.json()) + " · search: " + terms;
    $("downloads").textContent = "";
  });
}

loadQuestions();
loadFacets().then(drawNetwork);
enableSearch();
const shared = new URLSearchParams(location.search).get("query");
if (shared) { editor.value = shared; run(shared); }
