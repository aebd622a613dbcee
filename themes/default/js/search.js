// The search page: queries the worker as the visitor types or filters, keeps the query in the
// URL (?q=…&country=…) so results can be linked, and renders results with text nodes and
// <mark> only: nothing from the index is ever parsed as HTML.
const form = document.getElementById('search-form');
const status = document.getElementById('search-status');
const list = document.getElementById('search-results');
const text = JSON.parse(form.dataset.i18n);
const fields = {
  q: form.elements.q,
  country: form.elements.country,
  region: form.elements.region,
  kind: form.elements.kind,
  subject: form.elements.subject,
  from: form.elements.from,
  to: form.elements.to,
};
const names = {};
for (const key of ['country', 'region', 'kind', 'subject']) {
  names[key] = {};
  for (const option of fields[key].options) {
    option.dataset.name = option.textContent;
    names[key][option.value] = option.textContent;
  }
}

let worker = null;
let lastId = 0;
// Results asked for: the first ten, then twenty more per "more results". Each hit shown costs
// the stored fields of its page, fetched from the index only when shown; a new query's first
// EARLY hits are shown while the rest load (see search-worker.js).
const PAGE = 10;
const EARLY = 5;
let shown = PAGE;
const more = document.createElement('button');
more.type = 'button';
more.className = 'search-more';
more.textContent = text.more;
more.hidden = true;
list.after(more);
more.addEventListener('click', () => {
  shown += 2 * PAGE;
  send(0);
});
function engine() {
  if (!worker) {
    worker = new Worker(form.dataset.worker);
    worker.onmessage = (event) => show(event.data);
  }
  return worker;
}

function params() {
  const url = new URLSearchParams();
  for (const [key, field] of Object.entries(fields)) {
    if (field.value.trim()) url.set(key, field.value.trim());
  }
  return url;
}

function query() {
  const year = (field) => (/^\d{4}$/.test(field.value) ? Number(field.value) : null);
  const one = (field) => (field.value ? [field.value] : []);
  return {
    text: fields.q.value,
    countries: one(fields.country),
    regions: one(fields.region),
    kinds: one(fields.kind),
    subjects: one(fields.subject),
    year_from: year(fields.from),
    year_to: year(fields.to),
    limit: shown,
  };
}

function send(early) {
  lastId += 1;
  engine().postMessage({ id: lastId, engine: form.dataset.engine, index: form.dataset.index, query: query(), early });
}

function run() {
  shown = PAGE;
  const url = params();
  history.replaceState(null, '', url.size ? `?${url}` : location.pathname);
  if (!fields.q.value.trim() && !fields.country.value && !fields.region.value && !fields.kind.value && !fields.subject.value) {
    lastId += 1; // the answer, or the rest of it, still on its way is for a query no longer asked
    status.textContent = '';
    list.replaceChildren();
    more.hidden = true;
    return;
  }
  status.textContent = text.searching;
  send(EARLY);
}

function counts(key, facet) {
  const byValue = new Map(facet.map((f) => [String(f.value), f.count]));
  for (const option of fields[key].options) {
    if (!option.value) continue;
    option.textContent = `${option.dataset.name} (${byValue.get(option.value) ?? 0})`;
  }
}

// The id whose hits the list shows: the rest of a query whose first hits came early is appended,
// so a result the visitor has already reached keeps its place and focus.
let listed = 0;

function show({ id, results, error, partial }) {
  if (id !== lastId || results === null) return;
  if (error) {
    // A chunk or the engine failed to load (a dropped connection): say so, and offer to try
    // again; the worker forgets the failure, so the retry fetches afresh.
    status.textContent = `${text.unavailable} `;
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.className = 'search-retry';
    retry.textContent = text.retry;
    retry.addEventListener('click', run, { once: true });
    status.append(retry);
    list.replaceChildren();
    more.hidden = true;
    return;
  }
  const said = results.total === 0 ? text.none
    : results.total === 1 ? text.one : text.many.replace('{n}', results.total);
  // The status is a live region: saying the same count again would announce it twice.
  if (status.textContent !== said) status.textContent = said;
  counts('country', results.facets.countries);
  counts('region', results.facets.regions);
  counts('kind', results.facets.kinds);
  counts('subject', results.facets.subjects);
  const from = id === listed ? list.children.length : 0;
  const items = results.hits.slice(from).map((hit) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'result-title';
    link.href = hit.url;
    link.textContent = hit.title;
    const meta = document.createElement('p');
    meta.className = 'meta';
    meta.textContent = [names.kind[hit.kind], names.country[hit.country ?? ''] && hit.country ? names.country[hit.country] : null, hit.year]
      .filter(Boolean).join(' · ');
    const snippet = document.createElement('p');
    snippet.className = 'snippet';
    for (const part of hit.snippet) {
      if (part.highlight) {
        const mark = document.createElement('mark');
        mark.textContent = part.text;
        snippet.append(mark);
      } else {
        snippet.append(document.createTextNode(part.text));
      }
    }
    item.append(link, meta, snippet);
    return item;
  });
  if (from) list.append(...items);
  else list.replaceChildren(...items);
  listed = id;
  more.hidden = partial || results.hits.length >= results.total;
}

let timer = 0;
const soon = () => {
  clearTimeout(timer);
  timer = setTimeout(run, 120);
};
form.addEventListener('submit', (event) => {
  event.preventDefault();
  run();
});
fields.q.addEventListener('input', soon);
fields.q.addEventListener('focus', () => engine().postMessage({ id: 0, engine: form.dataset.engine, index: form.dataset.index }), { once: true });
for (const key of ['country', 'region', 'kind', 'subject', 'from', 'to']) fields[key].addEventListener('change', run);

const initial = new URLSearchParams(location.search);
for (const [key, field] of Object.entries(fields)) {
  if (initial.has(key)) field.value = initial.get(key);
}
if (initial.size) run();
