// The browser engine's C ABI from JavaScript, shared by the Node tests of the engine and of
// the built site's search (the same few lines as themes/default/js/search-worker.js).

/** The same few lines the site's Web Worker needs: load, open a manifest, give chunks, search. */
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
  const engine = {
    open(manifest) {
      const ptr = put(manifest);
      const rc = x.open(ptr, manifest.length);
      x.dealloc(ptr, manifest.length);
      if (rc !== 0) throw new Error(result(x.result_ptr()).error);
    },
    addChunk(index, bytes) {
      const ptr = put(bytes);
      const rc = x.add_chunk(index, ptr, bytes.length);
      x.dealloc(ptr, bytes.length);
      if (rc !== 0) throw new Error(result(x.result_ptr()).error);
    },
    /** One call: the results, `{missing: [...]}` or `{error}`. */
    search(query) {
      const bytes = new TextEncoder().encode(JSON.stringify(query));
      const ptr = put(bytes);
      const out = result(x.search(ptr, bytes.length));
      x.dealloc(ptr, bytes.length);
      return out;
    },
    /**
     * As the worker does: asks, fetches the missing chunks with `chunk(i)` (bytes), asks again.
     * Returns the final answer and the rounds (the chunk indexes of each).
     */
    async searchInRounds(query, chunk) {
      const rounds = [];
      for (;;) {
        const out = engine.search(query);
        if (!out.missing) return { out, rounds };
        if (rounds.length >= 8) throw new Error(`too many rounds: ${JSON.stringify(rounds)}`);
        rounds.push(out.missing);
        const bytes = await Promise.all(out.missing.map((i) => chunk(i)));
        out.missing.forEach((i, k) => engine.addChunk(i, bytes[k]));
      }
    },
  };
  return engine;
}
