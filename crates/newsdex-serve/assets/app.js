// newsdex's search page. Plain JavaScript, no build step, no network but
// this server's /api. Article text is untrusted: every string from the API
// reaches the page through textContent or a text node, never as markup.
"use strict";

const PAGE_SIZE = 10;
const FACET_LIMIT = 10;
// Parameters of the page's URL that are not facet filters.
const PLAIN = ["q", "sort", "from", "to", "page", "article", "collapse"];
// About the most bars the coverage chart draws: its period (day, week,
// month, year) is the shortest that keeps it near this.
const MAX_BARS = 62;
const SVG = "http://www.w3.org/2000/svg";
const FACET_TITLES = {
  source: "Source",
  country: "Country mentioned",
  about: "About (country)",
  person: "Person",
  said_by: "Quoted",
  vote: "Vote",
  language: "Language",
};

const $ = (id) => document.getElementById(id);

/// Makes an element with a class and text (as text, never markup).
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// ---- State: the whole search lives in the URL.

function readState() {
  const params = new URLSearchParams(location.search);
  const state = { q: "", sort: "relevance", from: "", to: "", page: 1, article: "", collapse: false, filters: {} };
  for (const [name, value] of params) {
    if (name === "page") state.page = Math.max(1, parseInt(value, 10) || 1);
    else if (name === "collapse") state.collapse = value === "true" || value === "1";
    else if (PLAIN.includes(name)) state[name] = value;
    else (state.filters[name] = state.filters[name] || []).push(value);
  }
  return state;
}

function stateParams(state, { page = true, article = true } = {}) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.collapse) params.set("collapse", "true");
  for (const field of Object.keys(state.filters).sort()) {
    for (const value of state.filters[field]) params.append(field, value);
  }
  if (page && state.page > 1) params.set("page", String(state.page));
  if (article && state.article) params.set("article", state.article);
  return params;
}

function urlOf(state) {
  const query = stateParams(state).toString();
  return query ? "?" + query : location.pathname;
}

let state = readState();

function go(change) {
  state = Object.assign({}, state, change);
  history.pushState(null, "", urlOf(state));
  render();
}

window.addEventListener("popstate", () => {
  state = readState();
  render();
});

// ---- The API.

async function api(path) {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: "the server answered " + response.status }));
  if (!response.ok) {
    const error = new Error(body.error || "error " + response.status);
    error.status = response.status;
    throw error;
  }
  return body;
}

/// The API parameters of a state: the page's own, with an empty box and
/// no filter meaning every article.
function apiParams(state, dropField) {
  const params = stateParams(state, { page: false, article: false });
  if (dropField) params.delete(dropField);
  const filtered = [...params.keys()].some((k) => !["q", "sort", "collapse"].includes(k));
  if (!params.get("q") && !filtered) params.set("q", "*");
  return params;
}

// ---- Rendering.

let sequence = 0;

async function render() {
  const mine = ++sequence;
  $("q").value = state.q;
  $("sort").value = state.sort;
  $("from").value = state.from;
  $("to").value = state.to;
  $("collapse").checked = state.collapse;
  $("article").hidden = !state.article;
  $("results").hidden = !!state.article;
  if (state.article) {
    await renderArticle(mine);
  }
  await Promise.all([renderSearch(mine), renderTimeline(mine)]);
}

async function renderSearch(mine) {
  const params = apiParams(state);
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String((state.page - 1) * PAGE_SIZE));
  params.set("facet_limit", String(FACET_LIMIT));
  // A field with ticked values counts its values without its own filter,
  // so that more of them can be ticked (OR within a field).
  const ticked = Object.keys(state.filters).filter((f) => state.filters[f].length);
  const requests = [api("/api/search?" + params)].concat(
    ticked.map((field) => {
      const others = apiParams(state, field);
      others.delete("collapse");
      others.set("limit", "0");
      others.set("facet_limit", String(FACET_LIMIT));
      return api("/api/search?" + others);
    })
  );
  let answers;
  try {
    answers = await Promise.all(requests);
  } catch (error) {
    if (mine !== sequence) return;
    showError(error.message);
    return;
  }
  if (mine !== sequence) return;
  const [results, ...without] = answers;
  ticked.forEach((field, i) => {
    results.facets[field] = without[i].facets[field] || [];
    results.facet_values[field] = without[i].facet_values[field] || 0;
  });
  $("error").hidden = true;
  renderStatus(results);
  renderHits(results);
  renderFacets(results);
  renderPaging(results);
  document.title = (state.q ? state.q + " – " : "") + "newsdex";
}

function showError(message) {
  const error = $("error");
  error.textContent = message;
  error.hidden = false;
  $("status").textContent = "No results: the query has an error.";
  $("hits").replaceChildren();
  $("paging").hidden = true;
  $("timeline").hidden = true;
}

function renderStatus(results) {
  const total = results.total;
  const status = $("status");
  status.replaceChildren();
  const count = el("span", null, total === 1 ? "1 article" : total + " articles");
  count.id = "total";
  count.dataset.total = String(total);
  status.append(count);
  // Collapsed: `total` still counts articles, the hits are groups.
  if (results.groups !== null && results.groups !== undefined) {
    const groups = el("span", null, " in " + results.groups + (results.groups === 1 ? " copy group" : " copy groups") + ", one hit each");
    groups.id = "groups";
    groups.dataset.groups = String(results.groups);
    status.append(groups);
  }
  if (results.expansions_truncated) {
    status.append(el("span", null, " (a fuzzy or prefix word matched many words; only the closest were searched)"));
  }
}

/// A snippet's text with its highlights (byte ranges of UTF-8) as <mark>.
function snippetNode(snippet) {
  const node = el("p", "snippet");
  const bytes = new TextEncoder().encode(snippet.text);
  const decoder = new TextDecoder();
  let at = 0;
  for (const range of snippet.highlights) {
    if (range.start < at || range.end > bytes.length) continue;
    node.append(decoder.decode(bytes.subarray(at, range.start)));
    node.append(el("mark", null, decoder.decode(bytes.subarray(range.start, range.end))));
    at = range.end;
  }
  node.append(decoder.decode(bytes.subarray(at)));
  return node;
}

function articleLink(id, text, className = "title") {
  const link = el("a", className, text);
  link.href = urlOf(Object.assign({}, state, { article: id }));
  link.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go({ article: id });
  });
  return link;
}

function renderHits(results) {
  const list = $("hits");
  list.replaceChildren();
  list.start = (state.page - 1) * PAGE_SIZE + 1;
  for (const hit of results.hits) {
    const item = el("li", "hit");
    item.dataset.id = hit.id;
    const heading = el("h3");
    heading.append(articleLink(hit.id, hit.title || hit.id));
    item.append(heading);
    const meta = [hit.source_name || hit.source, hit.published, hit.language].filter(Boolean);
    item.append(el("p", "meta", meta.join(" · ") + " · " + hit.id));
    item.append(snippetNode(hit.snippet));
    if (hit.copies_total > 0) item.append(copiesNode(hit));
    list.append(item);
  }
}

/// "+N copies" of a collapsed hit, each a link naming its outlet.
function copiesNode(hit) {
  const node = el("p", "copies", "+" + hit.copies_total + (hit.copies_total === 1 ? " copy: " : " copies: "));
  node.dataset.copies = String(hit.copies_total);
  for (const copy of hit.copies) {
    const text = (copy.source_name || copy.source) + (copy.published ? " (" + copy.published + ")" : "");
    const link = articleLink(copy.id, text, "copy");
    link.dataset.id = copy.id;
    link.dataset.source = copy.source;
    node.append(link);
  }
  const unlisted = hit.copies_total - hit.copies.length;
  if (unlisted > 0) node.append("and " + unlisted + " more");
  return node;
}

function renderFacets(results) {
  const container = $("facets");
  // Keep the keyboard's place: the ticked box is rebuilt.
  const active = document.activeElement;
  const focus = active && active.type === "checkbox" ? [active.name, active.value] : null;
  container.replaceChildren();
  const fields = Object.keys(results.facets).sort(
    (a, b) => order(a) - order(b) || a.localeCompare(b)
  );
  for (const field of fields) {
    const chosen = state.filters[field] || [];
    const counts = results.facets[field].slice();
    for (const value of chosen) {
      if (!counts.some((c) => c.value === value)) counts.push({ value, label: value, count: 0 });
    }
    if (!counts.length) continue;
    const set = el("fieldset", "facet");
    set.dataset.field = field;
    set.append(el("legend", null, FACET_TITLES[field] || field));
    const list = el("ul");
    for (const count of counts) {
      const item = el("li");
      const label = el("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = field;
      box.value = count.value;
      box.checked = chosen.includes(count.value);
      box.addEventListener("change", () => toggle(field, count.value, box.checked));
      label.append(box, el("span", "value", count.label || count.value), el("span", "count", count.count));
      item.append(label);
      list.append(item);
      if (focus && focus[0] === field && focus[1] === count.value) requestAnimationFrame(() => box.focus());
    }
    set.append(list);
    const more = (results.facet_values[field] || 0) - results.facets[field].length;
    if (more > 0) set.append(el("p", "more", "and " + more + " more (type " + field + ":… in the box)"));
    container.append(set);
  }
}

function order(field) {
  const known = Object.keys(FACET_TITLES).indexOf(field);
  return known < 0 ? 100 : known;
}

function toggle(field, value, on) {
  const filters = Object.assign({}, state.filters);
  const values = (filters[field] || []).filter((v) => v !== value);
  if (on) values.push(value);
  if (values.length) filters[field] = values;
  else delete filters[field];
  go({ filters, page: 1 });
}

function renderPaging(results) {
  // Collapsed, a page holds groups.
  const shown = results.groups === null || results.groups === undefined ? results.total : results.groups;
  const pages = Math.max(1, Math.ceil(shown / PAGE_SIZE));
  $("paging").hidden = shown <= PAGE_SIZE && state.page === 1;
  $("page").textContent = "Page " + state.page + " of " + pages;
  $("prev").disabled = state.page <= 1;
  $("next").disabled = state.page >= pages;
}

// ---- Coverage over time: matching articles per period, as a bar chart.

/// The timeline's parameters: the search's query and filters.
function timelineParams(state, interval) {
  const params = apiParams(state);
  params.delete("sort");
  params.delete("collapse");
  params.set("interval", interval);
  return params;
}

/// The shortest period that keeps the chart near MAX_BARS bars, from how
/// many months the matches span.
function intervalFor(months) {
  if (months > MAX_BARS) return "year";
  if (months > 13) return "month";
  if (months > 2) return "week";
  return "day";
}

async function renderTimeline(mine) {
  let timeline;
  try {
    timeline = await api("/api/timeline?" + timelineParams(state, "month"));
    const interval = intervalFor(timeline.buckets.length);
    if (interval !== "month") {
      if (mine !== sequence) return;
      timeline = await api("/api/timeline?" + timelineParams(state, interval));
    }
  } catch (error) {
    // The search's own answer shows the error.
    if (mine === sequence) $("timeline").hidden = true;
    return;
  }
  if (mine !== sequence) return;
  drawTimeline(timeline);
}

function svg(tag, attributes) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
  return node;
}

function articles(n) {
  return n === 1 ? "1 article" : n + " articles";
}

/// Draws `timeline` (the library's Timeline) as an SVG bar chart, one bar
/// per bucket, with a summary for screen readers and the counts as a
/// visually hidden table.
function drawTimeline(timeline) {
  const figure = $("timeline");
  const buckets = timeline.buckets;
  const per = "per " + timeline.interval;
  const dated = timeline.total - timeline.undated;
  figure.hidden = false;
  figure.dataset.interval = timeline.interval;
  figure.dataset.total = String(timeline.total);

  let summary;
  if (!buckets.length) {
    summary = "Coverage over time: no dated article matches.";
  } else {
    const first = buckets[0].label;
    const last = buckets[buckets.length - 1].label;
    const peak = buckets.reduce((best, b) => (b.count > best.count ? b : best), buckets[0]);
    const at = timeline.interval === "day" ? "on " : "in ";
    summary = "Coverage over time, articles " + per + ": " + articles(dated) + " " +
      (first === last ? at + first : "from " + first + " to " + last) +
      (buckets.length > 1 ? "; most " + at + peak.label + " (" + peak.count + ")" : "") + ".";
  }
  if (timeline.undated) summary += " " + articles(timeline.undated) + " without a date not shown.";
  $("timeline-caption").textContent = summary;

  // The chart: bars at most 40 wide in a plot 160 (room for the first and
  // last labels) to 600 wide.
  const left = 30, right = 8, top = 8, bottom = 20, plotHeight = 90;
  const n = Math.max(1, buckets.length);
  const step = Math.max(160 / n, Math.min(40, 600 / n));
  const plotWidth = step * n;
  const width = left + plotWidth + right, height = top + plotHeight + bottom;
  const chart = svg("svg", {
    width, height, viewBox: "0 0 " + width + " " + height, role: "img", "aria-labelledby": "timeline-title",
  });
  const title = svg("title", { id: "timeline-title" });
  title.textContent = summary;
  chart.append(title);
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const barWidth = Math.max(0.5, Math.min(40, step - Math.min(2, step * 0.2)));
  buckets.forEach((bucket, i) => {
    const barHeight = (bucket.count / max) * plotHeight;
    const bar = svg("rect", {
      class: "bar",
      x: (left + i * step + (step - barWidth) / 2).toFixed(2),
      y: (top + plotHeight - barHeight).toFixed(2),
      width: barWidth.toFixed(2),
      height: barHeight.toFixed(2),
      "data-label": bucket.label,
      "data-count": bucket.count,
    });
    const tip = svg("title");
    tip.textContent = bucket.label + ": " + articles(bucket.count);
    bar.append(tip);
    chart.append(bar);
  });
  chart.append(svg("line", { class: "axis", x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight }));
  const text = (content, attributes) => {
    const node = svg("text", attributes);
    node.textContent = content;
    chart.append(node);
  };
  text(String(max), { x: left - 4, y: top + 9, "text-anchor": "end" });
  text("0", { x: left - 4, y: top + plotHeight, "text-anchor": "end" });
  if (buckets.length) {
    text(buckets[0].label, { x: left, y: height - 4, "text-anchor": "start" });
    if (buckets.length > 1) text(buckets[buckets.length - 1].label, { x: left + plotWidth, y: height - 4, "text-anchor": "end" });
  }
  $("timeline-chart").replaceChildren(chart);

  // The same counts as a table, for screen readers.
  const table = $("timeline-table");
  table.replaceChildren();
  table.append(el("caption", null, "Matching articles " + per));
  const head = el("tr");
  head.append(el("th", null, "Period"), el("th", null, "Articles"));
  head.querySelectorAll("th").forEach((th) => th.setAttribute("scope", "col"));
  const thead = el("thead");
  thead.append(head);
  const tbody = el("tbody");
  for (const bucket of buckets) {
    const row = el("tr");
    row.append(el("th", null, bucket.label), el("td", null, bucket.count));
    row.firstChild.setAttribute("scope", "row");
    tbody.append(row);
  }
  table.append(thead, tbody);
}

// ---- One article, with what was found in it marked and linked.

const labels = {};

/// value → label of a facet field over the whole index (fetched once).
async function labelsOf(field) {
  if (!labels[field]) {
    labels[field] = api("/api/facets/" + field).then((answer) => {
      const map = new Map();
      for (const count of answer[field] || []) map.set(count.value, count.label);
      return map;
    }).catch(() => new Map());
  }
  return labels[field];
}

/// A link that shows the articles filed under one facet value.
function filterLink(field, value, text) {
  const link = el("a", "filter", text);
  const target = { q: "", sort: state.sort, from: "", to: "", page: 1, article: "", collapse: state.collapse, filters: { [field]: [value] } };
  link.href = urlOf(target);
  link.dataset.field = field;
  link.dataset.value = value;
  link.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go(target);
  });
  return link;
}

async function renderArticle(mine) {
  const view = $("article");
  let article, countries, votes;
  try {
    [article, countries, votes] = await Promise.all([
      api("/api/articles/" + encodeURIComponent(state.article)),
      labelsOf("country"),
      labelsOf("vote"),
    ]);
  } catch (error) {
    if (mine !== sequence) return;
    view.replaceChildren(backLink(), el("p", "error", error.message));
    return;
  }
  if (mine !== sequence) return;
  const names = new Map(article.people.map((p) => [p.slug, p.name]));
  view.replaceChildren();
  view.append(backLink());
  view.append(el("h2", null, article.title || article.id));
  const meta = [article.source_name || article.source, article.published, article.language, article.id];
  if (article.authors.length) meta.splice(1, 0, "by " + article.authors.join(", "));
  view.append(el("p", "meta", meta.filter(Boolean).join(" · ")));
  if (article.url && /^https?:\/\//i.test(article.url)) {
    const link = el("a", null, article.url);
    link.href = article.url;
    link.rel = "noopener noreferrer nofollow";
    const p = el("p", "meta");
    p.append("Original: ", link);
    view.append(p);
  }
  view.append(entities(article, names, countries, votes));
  const body = el("div", "body");
  for (const paragraph of article.body.split(/\n\s*\n/)) {
    if (paragraph.trim()) body.append(markedParagraph(paragraph, article, names, countries));
  }
  view.append(body);
  if (article.captions.length) {
    const captions = el("section", "captions");
    captions.append(el("h3", null, "Captions"));
    for (const caption of article.captions) captions.append(el("p", "meta", caption));
    view.append(captions);
  }
  view.focus({ preventScroll: true });
}

function backLink() {
  const back = el("a", "back", "← Back to the results");
  back.href = urlOf(Object.assign({}, state, { article: "" }));
  back.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go({ article: "" });
  });
  return back;
}

/// The people, quotes by speaker, countries and votes of an article, each
/// a link to the articles filed under it.
function entities(article, names, countries, votes) {
  const box = el("section", "entities");
  box.setAttribute("aria-label", "Found in this article");

  const people = el("div", "people");
  people.append(el("h3", null, "People"));
  const peopleList = el("ul");
  for (const person of article.people) {
    const item = el("li");
    item.append(filterLink("person", person.slug, person.name));
    if (person.roles.length) item.append(el("span", "roles", " (" + person.roles.join("; ") + ")"));
    peopleList.append(item);
  }
  people.append(article.people.length ? peopleList : el("p", "meta", "none found"));
  box.append(people);

  const quotes = el("div", "quotes");
  quotes.append(el("h3", null, "Quotes by speaker"));
  const bySpeaker = new Map();
  for (const quote of article.quotes) {
    const key = quote.speaker || "";
    if (!bySpeaker.has(key)) bySpeaker.set(key, []);
    bySpeaker.get(key).push(quote.text);
  }
  for (const [speaker, texts] of bySpeaker) {
    const group = el("div", "speaker-quotes");
    group.dataset.speaker = speaker;
    const who = el("h4");
    if (speaker) who.append(filterLink("said_by", speaker, names.get(speaker) || speaker));
    else who.textContent = "Unattributed";
    group.append(who);
    for (const text of texts) {
      const quote = el("blockquote", "quote");
      quote.dataset.speaker = speaker;
      quote.append(el("p", null, text));
      group.append(quote);
    }
    quotes.append(group);
  }
  if (!article.quotes.length) quotes.append(el("p", "meta", "none found"));
  box.append(quotes);

  const places = el("div", "countries");
  places.append(el("h3", null, "Countries"));
  const placeList = el("ul");
  for (const id of article.countries) {
    const item = el("li");
    item.append(filterLink("country", id, countries.get(id) || id));
    if (article.about.includes(id)) {
      item.append(" ", filterLink("about", id, "(about)"));
    }
    placeList.append(item);
  }
  places.append(article.countries.length ? placeList : el("p", "meta", "none found"));
  box.append(places);

  const voting = el("div", "votes");
  voting.append(el("h3", null, "Votes"));
  const voteList = el("ul");
  for (const event of article.votes) {
    const item = el("li", "vote");
    const ballots = event.ballots.map((b) => (countries.get(b.member) || b.member) + " " + b.ballot);
    const tally = event.tally ? " " + event.tally : "";
    item.append(el("span", null, [event.body, event.outcome].filter(Boolean).join(": ") + tally + (ballots.length ? " (" + ballots.join(", ") + ")" : "")));
    voteList.append(item);
  }
  const filed = el("p", "vote-facets");
  for (const path of article.vote_facets || []) {
    filed.append(filterLink("vote", path, votes.get(path) || path), " ");
  }
  voting.append(article.votes.length ? voteList : el("p", "meta", "none found"));
  if (filed.childNodes.length) voting.append(filed);
  box.append(voting);
  return box;
}

/// One paragraph with quotes (and their speaker), people and countries
/// marked; overlapping finds keep the first kind in that order.
function markedParagraph(text, article, names, countries) {
  const spans = [];
  const find = (needle, make) => {
    if (!needle || needle.length < 2) return;
    let at = text.indexOf(needle);
    while (at >= 0) {
      spans.push({ start: at, end: at + needle.length, make });
      at = text.indexOf(needle, at + needle.length);
    }
  };
  for (const quote of article.quotes) {
    find(quote.text, (part) => {
      const mark = el("mark", "quote", part);
      const speaker = quote.speaker ? names.get(quote.speaker) || quote.speaker : "";
      mark.dataset.speaker = quote.speaker || "";
      if (speaker) mark.title = "said by " + speaker;
      const nodes = [mark];
      if (speaker) {
        const who = el("span", "speaker");
        who.append("— ", filterLink("said_by", quote.speaker, speaker));
        nodes.push(who);
      }
      return nodes;
    });
  }
  for (const person of article.people) {
    find(person.name, (part) => {
      const mark = el("mark", "person");
      mark.dataset.person = person.slug;
      mark.append(filterLink("person", person.slug, part));
      return [mark];
    });
  }
  for (const id of article.countries) {
    const label = countries.get(id);
    find(label, (part) => {
      const mark = el("mark", "country");
      mark.dataset.country = id;
      mark.append(filterLink("country", id, part));
      return [mark];
    });
  }
  const kept = [];
  let end = 0;
  spans
    .map((span, i) => Object.assign(span, { i }))
    .sort((a, b) => a.start - b.start || a.i - b.i)
    .forEach((span) => {
      if (span.start >= end) {
        kept.push(span);
        end = span.end;
      }
    });
  const paragraph = el("p");
  let at = 0;
  for (const span of kept) {
    paragraph.append(text.slice(at, span.start), ...span.make(text.slice(span.start, span.end)));
    at = span.end;
  }
  paragraph.append(text.slice(at));
  return paragraph;
}

// ---- Controls.

$("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  go({ q: $("q").value.trim(), page: 1, article: "" });
});
$("sort").addEventListener("change", () => go({ sort: $("sort").value, page: 1 }));
$("collapse").addEventListener("change", () => go({ collapse: $("collapse").checked, page: 1 }));
$("from").addEventListener("change", () => go({ from: $("from").value, page: 1 }));
$("to").addEventListener("change", () => go({ to: $("to").value, page: 1 }));
$("clear").addEventListener("click", () => go({ filters: {}, from: "", to: "", page: 1 }));
$("prev").addEventListener("click", () => go({ page: Math.max(1, state.page - 1) }));
$("next").addEventListener("click", () => go({ page: state.page + 1 }));
$("article").tabIndex = -1;

render();
