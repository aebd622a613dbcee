// The browser engine's C ABI from JavaScript, shared by the Node tests of the engine and of
// the built site's search (the same few lines as themes/default/js/search-worker.js).

/** The same few lines the site's Web Worker needs: load, open a pack, search with JSON. */
export async function loadEngine(wasm) {
  const { instance } = await WebAssembly.instantiate(wasm, {});
  const x = instance.exports;
  const put = (bytes) => {
    const ptr = x.alloc(bytes.length);
    new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  };
  const result = (ptr) =>
    JSON.parse(new TextDecoder().decode(new Uint8Array(x.memory.buffer, ptr, x.result_len())));
  return {
    open(pack) {
      const ptr = put(pack);
      const rc = x.open(ptr, pack.length);
      x.dealloc(ptr, pack.length);
      if (rc !== 0) throw new Error(result(x.result_ptr()).error);
    },
    search(query) {
      const bytes = new TextEncoder().encode(JSON.stringify(query));
      const ptr = put(bytes);
      const out = result(x.search(ptr, bytes.length));
      x.dealloc(ptr, bytes.length);
      return out;
    },
  };
}
