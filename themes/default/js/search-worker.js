// The search engine, off the main thread: fetches the wasm engine and the language's index
// manifest on first use, then answers queries, fetching the index chunks each query needs
// (all chunks of a round in parallel, each a plain immutable file; no range requests).
// Messages: {id, engine, index, query, early} → {id, results | error}, preceded by
// {id, results, partial: true} with the first `early` hits when the query must fetch chunks.
// A failed load is forgotten, so the next message (the page's retry) tries again.
let ready = null;
let exports = null;
let indexUrl = '';
// A query needs at most: term dictionary blocks, postings, stored fields (phrases one more).
const MAX_ROUNDS = 8;
// Asked once the index is open, while the visitor is still typing: V8 compiles a wasm function
// on its first call, which made a first query's first run 15–25 ms slower than the next (at
// 10,000 laws). Its answer (chunks it lacks, or results) is dropped; nothing is fetched.
const WARM_UP = { text: 'warm up', limit: 1 };

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function put(bytes) {
  const ptr = exports.alloc(bytes.length);
  new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
  return ptr;
}

function result(ptr) {
  const bytes = new Uint8Array(exports.memory.buffer, ptr, exports.result_len());
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** Chunk `i` of the manifest `…/es.1a2b.pack` is `…/es.1a2b.{i}.chunk` (portal_search::chunk_path). */
const chunkUrl = (i) => `${indexUrl.replace(/\.pack$/, '')}.${i}.chunk`;

async function load(engineUrl, manifestUrl) {
  const [module, manifest] = await Promise.all([
    WebAssembly.compileStreaming ? WebAssembly.compileStreaming(fetch(engineUrl)).catch(async () => WebAssembly.compile(await fetchBytes(engineUrl)))
      : fetchBytes(engineUrl).then((bytes) => WebAssembly.compile(bytes)),
    fetchBytes(manifestUrl),
  ]);
  const instance = await WebAssembly.instantiate(module, {});
  exports = instance.exports;
  indexUrl = manifestUrl;
  const ptr = put(manifest);
  const status = exports.open(ptr, manifest.length);
  exports.dealloc(ptr, manifest.length);
  if (status !== 0) throw new Error(result(exports.result_ptr()).error);
  ask(WARM_UP);
}

function ask(query) {
  const bytes = new TextEncoder().encode(JSON.stringify(query));
  const ptr = put(bytes);
  const answer = result(exports.search(ptr, bytes.length));
  exports.dealloc(ptr, bytes.length);
  return answer;
}

/** Fetches the chunks the query lacks, round after round, and returns its answer. */
async function complete(query) {
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const answer = ask(query);
    if (answer.error) throw new Error(answer.error);
    if (!answer.missing) return answer;
    const chunks = await Promise.all(answer.missing.map((i) => fetchBytes(chunkUrl(i))));
    answer.missing.forEach((i, k) => {
      const ptr = put(chunks[k]);
      const status = exports.add_chunk(i, ptr, chunks[k].length);
      exports.dealloc(ptr, chunks[k].length);
      if (status !== 0) throw new Error(result(exports.result_ptr()).error);
    });
  }
  throw new Error('the search index kept asking for more chunks');
}

// A query answered from what the worker holds is answered whole. One that must fetch posts its
// first `early` hits first: each hit shown is one stored-fields chunk file, and ten of them are
// more than the six connections a browser opens to an HTTP/1.1 host, so ten hits take two
// waves of requests where five take one.
async function search(query, early, post) {
  const answer = ask(query);
  if (answer.error) throw new Error(answer.error);
  if (!answer.missing) return answer;
  if (early > 0 && early < query.limit) {
    const first = await complete({ ...query, limit: early });
    if (first.hits.length >= first.total) return first;
    post({ results: first, partial: true });
  }
  return complete(query);
}

self.onmessage = async (event) => {
  const { id, engine, index, query, early = 0 } = event.data;
  try {
    ready ??= load(engine, index).catch((error) => {
      ready = null;
      throw error;
    });
    await ready;
    const post = (message) => self.postMessage({ id, ...message });
    post({ results: query ? await search(query, early, post) : null });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message || error) });
  }
};
