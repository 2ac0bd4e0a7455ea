// kbmatch search page: no dependencies, nothing loaded from elsewhere.
// Every text from the index goes into the page through textContent, never
// as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const form = $("search");
const box = $("q");
const productBox = $("product");
const statusLine = $("status");
const resultsView = $("results");
const articleView = $("article");
const scanView = $("scan");
const gapsView = $("gaps");

/** Show one of the page's views (results, article, scan, gaps), the others hidden. */
function showView(view) {
  for (const v of [resultsView, articleView, scanView, gapsView]) v.hidden = v !== view;
}

// The last answer, so going back from an article does not search again.
let last = { query: null, results: [], code: null };
let inflight = null;

/** Build an element: h("p", {class: "x"}, "text", child, ...). */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

function say(text) {
  statusLine.textContent = text;
}

function kindName(kind) {
  return { kb: "KB article", blog: "Blog post", doc: "Runbook", ticket: "Past ticket" }[kind] || kind;
}

function confidenceClass(c) {
  return c >= 0.75 ? "high" : c >= 0.5 ? "medium" : "low";
}

function confidenceBadge(c) {
  const pct = Math.round(c * 100);
  const level = confidenceClass(c);
  return h("span", { class: "conf conf-" + level, title: level + " confidence" },
    h("span", { class: "visually-hidden" }, "confidence "), pct + "%");
}

/** A link that opens an article in the page (and works as a plain link). */
function articleLink(id, label, extraClass) {
  const params = new URLSearchParams();
  if (last.query) params.set("q", last.query);
  params.set("id", id);
  return h("a", {
    href: "/?" + params.toString(),
    class: extraClass || null,
    onclick: (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      openArticle(id, true);
    },
  }, label);
}

/** A procedure as text to paste into a ticket: numbered steps, lettered
 * sub-steps indented under their step, code lines indented below them. */
function procedureText(procedure) {
  const lines = [];
  procedure.steps.forEach((step, i) => {
    lines.push((i + 1) + ". " + step.text);
    (step.substeps || []).forEach((sub, j) => lines.push("   " + String.fromCharCode(97 + (j % 26)) + ". " + sub));
    (step.code || []).forEach((code) => lines.push("      " + code));
  });
  return lines.join("\n");
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = h("textarea", { class: "visually-hidden", readonly: true });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}

function copyButton(text) {
  const note = h("span", { class: "copied", "aria-live": "polite" });
  const button = h("button", {
    type: "button", class: "small",
    onclick: async () => {
      try {
        await copyText(text);
        note.textContent = "Copied";
      } catch (e) {
        note.textContent = "Copy failed: select the steps instead";
      }
      setTimeout(() => { note.textContent = ""; }, 2500);
    },
  }, "Copy steps");
  return [button, note];
}

/**
 * "This fixed it": records the paste and the hit's article (and a ticket
 * number, if the desk gives one) with POST /api/feedback. The server's
 * token is asked for once and kept in this browser.
 */
function fixedButton(hit) {
  const note = h("span", { class: "recorded", role: "status", "aria-live": "polite" });
  const button = h("button", {
    type: "button", class: "small fixed-it",
    onclick: async (event) => {
      const me = event.currentTarget;
      let token = localStorage.getItem("kbmatch-feedback-token") || "";
      if (!token) {
        token = (window.prompt("The desk's feedback token:") || "").trim();
        if (!token) return;
      }
      const ticket = (window.prompt("Ticket number (optional):") || "").trim();
      const body = { paste: last.query || "", article: hit.id };
      if (ticket) body.ticket = ticket;
      me.disabled = true;
      try {
        await getJson("/api/feedback", {
          method: "POST", body: JSON.stringify(body),
          headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
        });
        localStorage.setItem("kbmatch-feedback-token", token);
        note.textContent = "Recorded: " + hit.id + " fixed it. Thank you.";
      } catch (e) {
        if (/token/.test(e.message)) localStorage.removeItem("kbmatch-feedback-token");
        note.textContent = "Not recorded: " + e.message;
        me.disabled = false;
      }
    },
  }, "This fixed it");
  return [button, note];
}

function stepItem(step) {
  const subs = step.substeps || [];
  const code = step.code || [];
  return h("li", {},
    step.text,
    subs.length ? h("ol", { class: "substeps", type: "a" }, subs.map((sub) => h("li", {}, sub))) : null,
    code.length ? h("pre", { class: "step-code" }, h("code", {}, code.join("\n"))) : null);
}

/** One block per procedure the article gives ("Method 1", "Method 2"),
 * each with its own "Copy steps"; the plain steps where an answer has no
 * procedures. */
function procedureBlocks(procedures, steps, section) {
  const list = procedures && procedures.length
    ? procedures
    : (steps && steps.length ? [{ title: null, section: section, steps: steps.map((text) => ({ text, substeps: [], code: [] })) }] : []);
  return list.map((procedure, i) => {
    const label = list.length > 1 ? "Method " + (i + 1) : "Steps";
    const from = procedure.section && procedure.section !== "BODY" ? " from " + procedure.section : "";
    return h("div", { class: "steps-block procedure" },
      h("div", { class: "block-head" },
        h("h3", {}, label, h("span", { class: "from" }, from)),
        copyButton(procedureText(procedure))),
      procedure.title && procedure.title !== procedure.section ? h("p", { class: "procedure-title" }, procedure.title) : null,
      h("ol", { class: "steps" }, procedure.steps.map(stepItem)));
  });
}

const COLUMNS = [
  ["File", (r) => r.file],
  ["Version", (r) => r.version],
  ["Size", (r) => (r.size === null || r.size === undefined ? null : r.size.toLocaleString("en-US")), "num"],
  ["Date", (r) => r.date],
  ["Time", (r) => r.time],
  ["Platform", (r) => r.platform],
  ["Folder", (r) => r.folder, null, "differ"],
];

function hotfixBlock(rows) {
  if (!rows || rows.length === 0) return null;
  // The folder only where rows differ by it, as the command's table.
  const columns = COLUMNS.filter(([, get, , when]) =>
    when === "differ" ? rows.some((r) => (get(r) || "") !== (get(rows[0]) || "")) : rows.some((r) => get(r)));
  return h("div", { class: "hotfix-block" },
    h("h3", {}, "Hotfix files"),
    h("div", { class: "table-wrap" },
      h("table", { class: "hotfix" },
        h("thead", {}, h("tr", {}, columns.map(([name, , cls]) => h("th", { scope: "col", class: cls || null }, name)))),
        h("tbody", {}, rows.map((r) => h("tr", {}, columns.map(([, get, cls]) => h("td", { class: cls || null }, get(r) || ""))))))));
}

function hitCard(hit, rank) {
  const fixId = "fix-" + rank;
  const hasFix = hit.steps.length > 0 || hit.hotfix_files.length > 0;
  // The first hit's fix is open when it likely answers; the closest of
  // articles that likely do not is no fix to follow.
  const open = rank === 0 && hasFix && hit.confidence >= 0.5;
  const fix = hasFix
    ? h("div", { id: fixId, class: "fix", hidden: !open },
        procedureBlocks(hit.procedures, hit.steps, hit.steps_section), hotfixBlock(hit.hotfix_files))
    : null;
  const toggle = hasFix
    ? h("button", {
        type: "button", class: "small", "aria-expanded": String(open), "aria-controls": fixId,
        onclick: (event) => {
          const shown = fix.hidden;
          fix.hidden = !shown;
          event.currentTarget.setAttribute("aria-expanded", String(shown));
          event.currentTarget.textContent = shown ? "Hide the fix" : "Show the fix";
        },
      }, open ? "Hide the fix" : "Show the fix")
    : null;
  const why = hit.why.filter((w) => !w.startsWith("text match"));
  return h("li", { class: "hit" + (rank === 0 ? " best" : "") },
    h("div", { class: "hit-head" },
      h("h2", { class: "hit-title" }, articleLink(hit.id, hit.title)),
      confidenceBadge(hit.confidence)),
    h("p", { class: "meta" },
      h("span", { class: "kind" }, kindName(hit.kind)), " ", h("code", {}, hit.id),
      hit.steps.length ? " · " + hit.steps.length + (hit.steps.length === 1 ? " step" : " steps") : null,
      hit.hotfix_files.length ? " · " + hit.hotfix_files.length + " hotfix " + (hit.hotfix_files.length === 1 ? "file" : "files") : null),
    why.length ? h("p", { class: "why" }, h("span", { class: "why-label" }, "Why: "), why.join(" · ")) : null,
    fix,
    h("div", { class: "actions" }, toggle, articleLink(hit.id, "Open the whole article", "button-link"),
      hit.kind === "ticket" ? null : fixedButton(hit)));
}

/** The paste's error code, decoded: "0x800705AA = Win32 error 1450 (ERROR_...): message". */
function codeLine(code) {
  if (!code) return null;
  const f = code.forms || {};
  const other = [f.hresult, f.win32 !== undefined ? "Win32 " + f.win32 : null, f.ntstatus, f.facility]
    .filter((x) => x && x !== code.pasted);
  return h("p", { class: "code-line" },
    h("strong", {}, code.pasted + " = " + code.decoded),
    other.length ? " · " + other.join(" · ") : null,
    f.name ? h("code", {}, " " + f.name) : null,
    f.message ? h("span", { class: "code-message" }, " — " + f.message) : null);
}

function renderResults() {
  showView(resultsView);
  resultsView.replaceChildren();
  if (last.query === null) return;
  const decoded = codeLine(last.code);
  if (decoded) resultsView.append(decoded);
  if (last.results.length === 0) {
    resultsView.append(h("p", { class: "empty" },
      "No article matches. Try the error code or message ID alone, or fewer words."));
    return;
  }
  // Hits without specific evidence go below, so the likely fixes stand out.
  const strong = last.results.filter((hit) => hit.confidence >= 0.5);
  const weak = last.results.filter((hit) => hit.confidence < 0.5);
  if (strong.length) resultsView.append(h("ol", { class: "hits" }, strong.map(hitCard)));
  if (weak.length) {
    resultsView.append(
      h("h2", { class: "weak-head" }, strong.length ? "Weaker matches" : "No article is likely to answer this. Closest:"),
      h("ol", { class: "hits weak" }, weak.map((hit, i) => hitCard(hit, strong.length + i))));
  }
}

async function getJson(url, options) {
  const response = await fetch(url, options);
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (!response.ok) {
    throw new Error((body && body.error) || ("the server answered " + response.status));
  }
  return body;
}

async function search(query, push) {
  query = query.trim();
  if (!query) {
    say("Paste something to search for first.");
    box.focus();
    return;
  }
  if (push) setUrl({ q: query });
  if (inflight) inflight.abort();
  inflight = new AbortController();
  say("Searching…");
  const params = new URLSearchParams({ limit: "10" });
  if (productBox.value) params.set("product", productBox.value);
  try {
    const answer = await getJson("/api/match?" + params.toString(), {
      method: "POST", body: query, signal: inflight.signal,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
    last = { query, results: answer.results, code: answer.code || null };
    const strong = answer.results.filter((hit) => hit.confidence >= 0.5).length;
    const weak = answer.results.length - strong;
    const parts = [];
    if (strong) parts.push(strong + (strong === 1 ? " likely match" : " likely matches, best first"));
    if (weak) parts.push(weak + (weak === 1 ? " weaker match" : " weaker matches"));
    // When no hit is likely, the list's own heading says so: the status
    // line only counts.
    say(parts.length ? parts.join("; ") + "." : "No result.");
    renderResults();
    showIndex();
  } catch (e) {
    if (e.name === "AbortError") return;
    last = { query, results: [], code: null };
    resultsView.replaceChildren();
    say("Search failed: " + e.message);
  }
}

/** Section text: prose paragraphs reflowed, indented blocks and tables kept as written. */
function sectionBody(text) {
  const out = [];
  for (const para of text.split(/\n\s*\n/)) {
    if (!para.trim()) continue;
    const lines = para.split("\n");
    const marker = /^\s*(\d+\.|[a-z]\.|[-*•])\s/;
    const columns = lines.some((l) => /\S {3,}\S/.test(l) || /^[+|]/.test(l.trim()));
    if (marker.test(lines[0]) && !columns) {
      // List items: each item on its line, its wrapped lines joined back.
      const items = [];
      for (const l of lines) {
        if (marker.test(l) || items.length === 0) items.push(l.trim());
        else items[items.length - 1] += " " + l.trim();
      }
      out.push(h("p", { class: "lines" }, linkify(items.join("\n"))));
    } else if (columns || lines.some((l) => /^[ \t]/.test(l))) {
      out.push(h("pre", { class: "literal" }, linkify(para)));
    } else {
      out.push(h("p", {}, linkify(lines.join(" "))));
    }
  }
  return out;
}

/** Article references (Q256986) as in-page links. */
function linkify(text) {
  const parts = [];
  let at = 0;
  for (const m of text.matchAll(/\bQ\d{6}\b(?!\.\w)/g)) {
    parts.push(text.slice(at, m.index), articleLink(m[0], m[0]));
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}

function slug(name, i) {
  return "sec-" + i + "-" + name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function renderArticle(a) {
  const back = h("button", { type: "button", class: "back", onclick: goBack },
    last.query !== null ? "← Back to the results" : "← Back");
  const facts = [kindName(a.kind), a.id];
  if (a.products.length) facts.push(a.products.join(", "));
  if (a.versions.length) facts.push("version " + a.versions.join(", "));
  if (a.modified || a.date) facts.push("modified " + (a.modified || a.date));
  const refs = (a.signals.articles || []).filter((r) => r !== a.id);
  const toc = a.sections.length > 1
    ? h("nav", { class: "toc", "aria-label": "Sections" },
        h("ul", {}, a.sections.map((s, i) => h("li", {}, h("a", { href: "#" + slug(s.name, i) }, s.name)))))
    : null;
  const parts = [
    back,
    h("h2", { class: "article-title", id: "article-title", tabindex: "-1" }, a.title),
    h("p", { class: "meta" }, facts.join(" · ")),
    toc,
    a.steps.length || a.hotfix_files.length
      ? h("div", { class: "fix" }, procedureBlocks(a.procedures, a.steps, a.steps_section), hotfixBlock(a.hotfix_files)) : null,
    h("div", { class: "sections" }, a.sections.map((s, i) =>
      h("section", { class: "article-section", id: slug(s.name, i), "aria-label": s.name },
        h("h3", {}, s.name), sectionBody(s.text)))),
    refs.length ? h("section", { class: "refs", "aria-label": "Referenced articles" },
      h("h3", {}, "Referenced articles"),
      h("ul", {}, refs.map((r) => h("li", {}, articleLink(r, r))))) : null,
    h("p", { class: "sources" }, "Read from: ", a.sources.join(", ")),
  ];
  articleView.replaceChildren(...parts.filter((part) => part));
}

async function openArticle(id, push) {
  if (push) setUrl({ q: last.query, id });
  say("Opening " + id + "…");
  resultsView.hidden = true;
  gapsView.hidden = true;
  articleView.hidden = false;
  articleView.replaceChildren();
  try {
    const a = await getJson("/api/article/" + encodeURIComponent(id));
    renderArticle(a);
    say("");
    document.title = a.title + " — kbmatch";
    $("article-title").focus();
  } catch (e) {
    articleView.replaceChildren(
      h("button", { type: "button", class: "back", onclick: goBack }, "← Back"),
      h("p", { class: "empty" }, id + ": " + e.message));
    say(id + " could not be opened.");
  }
}

function setUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (productBox.value) params.set("product", productBox.value);
  if (state.id) params.set("id", state.id);
  const url = "/" + (params.toString() ? "?" + params.toString() : "");
  history.pushState(Object.assign({ inPage: true }, state), "", url);
}

/** Back to the results: the browser's back when we came from them, else the results view. */
function goBack() {
  if (history.state && history.state.inPage) {
    history.back();
  } else {
    setUrl({ q: last.query });
    document.title = "kbmatch";
    renderResults();
    box.focus();
  }
}

/** Show what the address says: `?q=` runs the search, `?id=` opens an article. */
async function fromUrl() {
  const params = new URLSearchParams(location.search);
  const q = params.get("q");
  const id = params.get("id");
  if (params.has("gaps")) {
    await showGaps();
    return;
  }
  await productsLoaded;
  const product = params.get("product") || "";
  const productChanged = product !== productBox.value;
  productBox.value = product;
  if (q !== null && (q !== last.query || productChanged)) {
    box.value = q;
    await search(q, false);
  } else if (q === null && id === null) {
    last = { query: null, results: [], code: null };
    box.value = "";
    say("");
  }
  document.title = "kbmatch";
  if (id) {
    await openArticle(id, false);
  } else {
    renderResults();
  }
}

box.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  search(box.value, true);
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !articleView.hidden) {
    event.preventDefault();
    goBack();
  }
});

window.addEventListener("popstate", () => { fromUrl(); });

/**
 * The size and date of the index being served (the server moves to a new
 * build on its own), and, the first time, the products the filter offers
 * with their articles.
 */
let productsShown = false;
function showIndex() {
  return getJson("/api/stats").then((s) => {
    const built = new Date(s.built_at * 1000).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
    const articles = s.articles.toLocaleString("en-US") + (s.articles === 1 ? " article" : " articles");
    const meaning = s.meaning && s.meaning.on ? "words and meaning" : "words only";
    $("kb-size").textContent = "· " + articles + ", indexed " + built + " · " + meaning;
    $("kb-size").title = "index generation " + s.generation +
      (s.meaning && s.meaning.on ? "; sentence model " + s.meaning.model + " (" + s.meaning.architecture + ")" : "; no sentence model");
    if (!productsShown) {
      productsShown = true;
      for (const p of s.products || []) {
        productBox.append(h("option", { value: p.name }, p.name + " (" + p.articles.toLocaleString("en-US") + ")"));
      }
      $("product-filter").hidden = !(s.products || []).length;
    }
  }).catch(() => {});
}

const productsLoaded = showIndex();

// ---- What no article answers: GET /api/gaps, the report of `kbmatch gaps` ----

// The link is shown when the server keeps a question log or was given files.
getJson("/api/gaps?check=1").then(() => { $("gaps-link").hidden = false; }).catch(() => {});

$("gaps-link").addEventListener("click", (event) => {
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  history.pushState({ inPage: true }, "", "/?gaps=1");
  showGaps();
});

/** A link that searches for a question (in the page, as a plain link too). */
function questionLink(question) {
  return h("a", { href: "/?" + new URLSearchParams({ q: question }).toString() }, question);
}

function renderGaps(report) {
  const plural = (n, one, many) => n.toLocaleString("en-US") + " " + (n === 1 ? one : many);
  const parts = [
    h("h2", { class: "gaps-title", id: "gaps-title", tabindex: "-1" }, "What no article answers"),
    h("p", { class: "gaps-summary" },
      plural(report.unanswered, "question", "questions") + " of " + report.questions.toLocaleString("en-US") +
      (report.unanswered === 1 ? " has" : " have") + " no likely answer: " + plural(report.groups.length, "group", "groups") + " (by " + report.grouped_by +
      "), largest first. Each is an article the desk could write next."),
  ];
  if (report.groups.length) {
    parts.push(h("ol", { class: "gap-groups" }, report.groups.map((g) =>
      h("li", { class: "gap-group" },
        h("p", { class: "gap-head" }, h("strong", { class: "gap-count" }, g.count + " ×"), " ",
          h("span", { class: "gap-words" }, g.words.join(", "))),
        h("ul", { class: "gap-examples" }, g.examples.map((e) => h("li", {}, questionLink(e)))),
        g.closest
          ? h("p", { class: "meta gap-closest" }, "Closest: ", reportLink(g.closest.id, g.closest.title), " ",
            confidenceBadge(g.closest.confidence))
          : h("p", { class: "meta gap-closest" }, "No article comes close.")))));
  } else {
    parts.push(h("p", { class: "empty" }, "Every question asked has a likely answer."));
  }
  for (const w of report.warnings || []) parts.push(h("p", { class: "meta" }, "Warning: " + w));
  gapsView.replaceChildren(...parts);
}

async function showGaps() {
  if (inflight) inflight.abort();
  inflight = null;
  last = { query: null, results: [], code: null };
  showView(gapsView);
  gapsView.replaceChildren();
  document.title = "What no article answers — kbmatch";
  say("Grouping the questions no article answers…");
  try {
    const report = await getJson("/api/gaps");
    renderGaps(report);
    say(report.groups.length ? report.groups.length + (report.groups.length === 1 ? " group." : " groups.") : "No gap.");
    $("gaps-title").focus();
  } catch (e) {
    gapsView.replaceChildren(h("p", { class: "empty" }, e.message));
    say("The report could not be made.");
  }
}

productBox.addEventListener("change", () => {
  if (last.query !== null) search(last.query, true);
});

// ---- A whole log: dropped, opened or pasted, triaged by POST /api/scan ----

const dropVeil = $("drop-veil");
// The SVG namespace, as the HTML parser gave it to the page's own <svg>
// (the page names no address, not even a namespace's).
const SVG = $("svg-ns").namespaceURI;

/** An SVG element: s("rect", {x: 1}). */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, value);
  for (const child of children) el.append(child);
  return el;
}

/** A log's time (`2019-04-17T10:07:38`, no zone) `seconds` later, the same way. */
function later(time, seconds) {
  const t = new Date(time + "Z");
  return new Date(t.getTime() + seconds * 1000).toISOString().slice(0, 19);
}

/** The time alone when the day is the same as `day`'s. */
function shortTime(time, day) {
  return day && time.slice(0, 10) === day.slice(0, 10) ? time.slice(11) : time.replace("T", " ");
}

/** Bars of entries, problems and failures over the log's time span; their
 * heights on a log scale, so that a few errors among many lines show. */
function timelineBlock(t) {
  const n = t.entries.length;
  const most = Math.log1p(Math.max(1, ...t.entries));
  const width = 600, height = 90, slot = width / n;
  const bar = (k, count, cls) => {
    const tall = count ? Math.max(2, (height - 8) * Math.log1p(count) / most) : 0;
    return tall ? s("rect", { class: cls, x: (k * slot + 0.5).toFixed(1), y: (height - tall).toFixed(1),
      width: Math.max(1, slot - 1).toFixed(1), height: tall.toFixed(1) }) : null;
  };
  const svg = s("svg", { viewBox: "0 0 " + width + " " + height, preserveAspectRatio: "none", role: "img" });
  t.entries.forEach((count, k) => {
    const from = later(t.start, k * t.bucket_seconds);
    const group = s("g", { class: "bucket" });
    for (const b of [bar(k, count, "bar-entries"), bar(k, t.problems[k], "bar-problems")]) if (b) group.append(b);
    if (t.failures[k]) {
      group.append(s("rect", { class: "bar-failures", x: (k * slot + 0.5).toFixed(1), y: "0",
        width: Math.max(2, slot - 1).toFixed(1), height: "6" }));
    }
    group.append(s("title", {}, shortTime(from, t.start) + ": " + count + " entries, " + t.problems[k] +
      " problems, " + t.failures[k] + " failures"));
    svg.append(group);
  });
  const firstProblem = t.problems.findIndex((c) => c > 0);
  const total = (xs) => xs.reduce((a, b) => a + b, 0);
  const note = t.first_failure
    ? "The failures start at " + shortTime(t.first_failure, t.start) + "."
    : firstProblem >= 0
      ? "No failure point; the problems start at " + shortTime(later(t.start, firstProblem * t.bucket_seconds), t.start) + "."
      : "No problem in the log.";
  svg.setAttribute("aria-label", "Timeline of " + total(t.entries) + " entries from " + t.start.replace("T", " ") +
    " to " + t.end.replace("T", " ") + ": " + total(t.problems) + " problems, " + total(t.failures) + " failures. " + note);
  return h("figure", { class: "timeline" },
    svg,
    h("div", { class: "timeline-axis" }, h("span", {}, t.start.replace("T", " ")), h("span", {}, t.end.replace("T", " "))),
    h("figcaption", { class: "timeline-note" }, note,
      h("span", { class: "legend-swatch entries-key" }), "entries",
      h("span", { class: "legend-swatch problems-key" }), "problems",
      h("span", { class: "legend-swatch failures-key" }), "failures"));
}

const SCAN_SECTIONS = {
  failed: "What failed, and what led to it",
  cause: "What failed, and what led to it",
  problem: "Other problems",
  routine: "Routine messages an article names, and floods",
};

/** Where and when a message was written. */
function placeLine(m, start) {
  const lines = m.first_line === m.last_line ? "line " + m.first_line : "lines " + m.first_line + "–" + m.last_line;
  const files = m.files.length > 1 ? " in " + m.files.length + " files" : "";
  const when = m.first_time
    ? " · " + shortTime(m.first_time, start) + (m.last_time && m.last_time !== m.first_time ? "–" + shortTime(m.last_time, start) : "")
    : "";
  return m.count + " × " + m.level + ", " + lines + files + when + (m.flood ? " · floods the log: " + m.flood.per_hour + " an hour" : "");
}

/** An article link that opens in a new tab, so the report stays. */
function reportLink(id, label) {
  return h("a", { href: "/?id=" + encodeURIComponent(id), target: "_blank", rel: "noopener" }, label);
}

function scanItem(m, finding, start) {
  const role = { failed: "Failed", cause: "Before the failure" }[m.role] || null;
  let answer;
  if (!finding) {
    answer = h("p", { class: "answer none" }, "No article is known for it.");
  } else {
    const [best, ...rest] = finding.hits;
    answer = h("div", { class: "answer" },
      finding.likely_answer ? null : h("p", { class: "none" }, "No article is likely to answer it. Closest:"),
      h("p", {}, reportLink(best.id, best.title), " ", confidenceBadge(best.confidence),
        best.steps.length ? " · " + best.steps.length + (best.steps.length === 1 ? " step" : " steps") : null),
      rest.length ? h("p", { class: "meta" }, "Also: ", rest.map((hit, i) => [i ? ", " : "", reportLink(hit.id, hit.title),
        " (" + Math.round(hit.confidence * 100) + "%)"])) : null);
  }
  return h("li", { class: "scan-item role-" + m.role },
    h("p", { class: "where" }, role ? h("span", { class: "role" }, role + " ") : null, placeLine(m, start)),
    h("code", { class: "template" }, m.template),
    answer);
}

function renderScan(report, name) {
  showView(scanView);
  const all = report.findings.map((f) => [f, f]).concat(report.unmatched.map((u) => [u, null]));
  all.sort((a, b) => a[0].rank - b[0].rank);
  const start = report.timeline ? report.timeline.start : null;
  const parts = [
    h("h2", { class: "scan-title", id: "scan-title", tabindex: "-1" }, "Log report: " + name),
    h("p", { class: "scan-summary" },
      report.lines.toLocaleString("en-US") + " lines, " + report.entries.toLocaleString("en-US") + " entries · " +
      report.findings.length + (report.findings.length === 1 ? " message" : " messages") + " with an article · " +
      report.unmatched.length + " without"),
    report.timeline ? timelineBlock(report.timeline) : null,
  ];
  let section = null, list = null;
  const noise = [];
  for (const [m, finding] of all) {
    if (m.role === "noise") { noise.push(scanItem(m, finding, start)); continue; }
    const head = SCAN_SECTIONS[m.role] || SCAN_SECTIONS.problem;
    if (head !== section) {
      section = head;
      list = h("ol", { class: "scan-items" });
      parts.push(h("h3", { class: "scan-head" }, head), list);
    }
    list.append(scanItem(m, finding, start));
  }
  if (noise.length) {
    parts.push(h("details", { class: "noise" },
      h("summary", {}, "Noise: " + noise.length + (noise.length === 1 ? " problem" : " problems") +
        " the log also writes where nothing fails"),
      h("ol", { class: "scan-items" }, noise)));
  }
  if (!all.length) parts.push(h("p", { class: "empty" }, "Nothing in this log looks like a problem."));
  for (const w of report.warnings || []) parts.push(h("p", { class: "meta" }, "Warning: " + w));
  scanView.replaceChildren(...parts.filter((p) => p));
  $("scan-title").focus();
}

async function scanLog(body, name) {
  if (inflight) inflight.abort();
  inflight = new AbortController();
  last = { query: null, results: [], code: null };
  showView(scanView);
  scanView.replaceChildren();
  say("Scanning " + name + "…");
  try {
    const report = await getJson("/api/scan?" + new URLSearchParams({ name }).toString(), {
      method: "POST", body, signal: inflight.signal,
      headers: { "Content-Type": "application/octet-stream" },
    });
    renderScan(report, name);
    const failed = [...report.findings, ...report.unmatched].filter((m) => m.role === "failed").length;
    say("Scanned " + name + ": " + (failed ? failed + (failed === 1 ? " failure" : " failures") + " first, " : "") +
      report.findings.length + " with an article, " + report.unmatched.length + " without.");
  } catch (e) {
    if (e.name === "AbortError") return;
    scanView.replaceChildren(h("p", { class: "empty" }, name + ": " + e.message));
    say("Scan failed: " + e.message);
  }
}

$("log-file").addEventListener("change", (event) => {
  const file = event.target.files[0];
  if (file) scanLog(file, file.name);
  event.target.value = "";
});

$("scan-text").addEventListener("click", () => {
  if (!box.value.trim()) {
    say("Paste a log first, or open or drop a log file.");
    box.focus();
    return;
  }
  scanLog(box.value, "pasted log");
});

// Files dragged over the page: a veil says where they go; text dragged
// into the paste box stays the box's.
let dragDepth = 0;
const carriesFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes("Files");
document.addEventListener("dragenter", (event) => {
  if (!carriesFiles(event)) return;
  dragDepth += 1;
  dropVeil.hidden = false;
});
document.addEventListener("dragleave", () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (!dragDepth) dropVeil.hidden = true;
});
document.addEventListener("dragover", (event) => {
  if (carriesFiles(event)) event.preventDefault();
});
document.addEventListener("drop", (event) => {
  dragDepth = 0;
  dropVeil.hidden = true;
  if (!carriesFiles(event)) return;
  event.preventDefault();
  const file = event.dataTransfer.files[0];
  if (file) scanLog(file, file.name);
});

fromUrl();
