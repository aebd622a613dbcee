// The search engine, off the main thread: fetches the wasm engine and the language's index on
// first use, then answers queries. Messages: {id, engine, index, query} → {id, results | error}.
let ready = null;
let exports = null;

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

async function load(engineUrl, indexUrl) {
  const [engine, pack] = await Promise.all([fetchBytes(engineUrl), fetchBytes(indexUrl)]);
  const { instance } = await WebAssembly.instantiate(engine, {});
  exports = instance.exports;
  const ptr = put(pack);
  const status = exports.open(ptr, pack.length);
  exports.dealloc(ptr, pack.length);
  if (status !== 0) throw new Error(result(exports.result_ptr()).error);
}

self.onmessage = async (event) => {
  const { id, engine, index, query } = event.data;
  try {
    ready ??= load(engine, index);
    await ready;
    if (!query) {
      self.postMessage({ id, results: null });
      return;
    }
    const bytes = new TextEncoder().encode(JSON.stringify(query));
    const ptr = put(bytes);
    const results = result(exports.search(ptr, bytes.length));
    exports.dealloc(ptr, bytes.length);
    if (results.error) throw new Error(results.error);
    self.postMessage({ id, results });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message || error) });
  }
};
