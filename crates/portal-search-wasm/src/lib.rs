//! The browser engine: [`portal_search::Engine`] behind a C ABI for `wasm32-unknown-unknown`,
//! without wasm-bindgen (the JavaScript side is a few lines, see `test/engine.mjs` and
//! `themes/default/js/search-worker.js`).
//!
//! Protocol (all lengths in bytes, all strings UTF-8):
//! 1. `alloc(len)` returns a buffer in wasm memory; the caller writes the manifest, a chunk or
//!    the query into it, passes it on, then frees it with `dealloc(ptr, len)`.
//! 2. `open(ptr, len) -> i32` loads a language's manifest (its hot cache opens the index): 0 on
//!    success, -1 on error (the error is then the result buffer, as `{"error": "..."}`).
//! 3. `search(ptr, len) -> ptr` takes a JSON query (the fields of `portal_search::Query`, all
//!    optional) and returns a pointer to the JSON results (`portal_search::SearchResults`), to
//!    `{"missing": [3, 17, …]}` when the query needs chunks not given yet, or to
//!    `{"error": "..."}`; `result_len()` gives the length. The result buffer belongs to the
//!    module and stays valid until the next call: copy it out first.
//! 4. `add_chunk(index, ptr, len) -> i32` gives chunk `index` (fetched from the file named by
//!    `portal_search::chunk_path`): 0, or -1 with the error as the result buffer. After adding
//!    every missing chunk, the caller asks `search` again.
//!
//! The wasm module is single-threaded: the state lives in thread-locals.

#![warn(missing_docs)]

use std::cell::RefCell;

use portal_search::{ChunkedIndex, Engine, Query, SearchError};

thread_local! {
    static INDEX: RefCell<Option<ChunkedIndex>> = const { RefCell::new(None) };
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn set_result(bytes: Vec<u8>) -> *const u8 {
    RESULT.with(|r| {
        *r.borrow_mut() = bytes;
        r.borrow().as_ptr()
    })
}

/// What a call answers when it cannot give results: the chunks a query still needs, or an
/// error. Typed rather than built with `serde_json::json!`, whose `Value` type would add its
/// own serializer to the engine.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Reply<'a> {
    Missing { missing: &'a [usize] },
    Error { error: &'a str },
}

fn to_json(reply: &Reply) -> Vec<u8> {
    serde_json::to_vec(reply).unwrap_or_default()
}

fn error_json(error: &SearchError) -> Vec<u8> {
    match error {
        SearchError::MissingChunks(missing) => to_json(&Reply::Missing { missing }),
        other => message_json(&other.to_string()),
    }
}

fn message_json(message: &str) -> Vec<u8> {
    to_json(&Reply::Error { error: message })
}

/// Allocates `len` bytes for the caller to write a manifest, a chunk or a query into.
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buf = Vec::<u8>::with_capacity(len.max(1));
    let ptr = buf.as_mut_ptr();
    std::mem::forget(buf);
    ptr
}

/// Frees a buffer returned by [`alloc`] with the same `len`.
///
/// # Safety
/// `ptr` must come from `alloc(len)` and not be freed twice.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn dealloc(ptr: *mut u8, len: usize) {
    if !ptr.is_null() {
        // SAFETY: per the contract, `ptr` was allocated by `alloc(len)` as a Vec of capacity
        // `len.max(1)`.
        drop(unsafe { Vec::from_raw_parts(ptr, 0, len.max(1)) });
    }
}

/// Opens the manifest in `ptr[..len]`, replacing any index opened before. Returns 0 on success,
/// -1 on error (the error message is then the result buffer).
///
/// # Safety
/// `ptr[..len]` must be readable memory (a buffer from [`alloc`]).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn open(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: per the contract.
    let bytes = unsafe { slice(ptr, len) };
    ENGINE.with(|e| *e.borrow_mut() = None);
    INDEX.with(|i| *i.borrow_mut() = None);
    let opened = ChunkedIndex::open(bytes).and_then(|index| {
        // A manifest whose hot cache does not open the index is refused now, not at the
        // first query.
        match Engine::open(&index) {
            Ok(engine) => ENGINE.with(|e| *e.borrow_mut() = Some(engine)),
            Err(SearchError::MissingChunks(_)) => {}
            Err(other) => return Err(other),
        }
        INDEX.with(|i| *i.borrow_mut() = Some(index));
        Ok(())
    });
    match opened {
        Ok(()) => {
            set_result(b"{\"ok\":true}".to_vec());
            0
        }
        Err(err) => {
            set_result(error_json(&err));
            -1
        }
    }
}

/// Gives chunk `index` of the open index, in `ptr[..len]`. Returns 0, or -1 with the error as
/// the result buffer (no index open, unknown chunk, wrong length).
///
/// # Safety
/// `ptr[..len]` must be readable memory (a buffer from [`alloc`]).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn add_chunk(index: usize, ptr: *const u8, len: usize) -> i32 {
    // SAFETY: per the contract.
    let bytes = unsafe { slice(ptr, len) };
    let added = INDEX.with(|i| match i.borrow().as_ref() {
        None => Err(message_json("no index open")),
        Some(open) => open
            .add_chunk(index, bytes.to_vec())
            .map_err(|e| error_json(&e)),
    });
    match added {
        Ok(()) => 0,
        Err(message) => {
            set_result(message);
            -1
        }
    }
}

/// Answers the JSON query in `ptr[..len]`; returns a pointer to the JSON results (or the
/// missing chunks, or an error), whose length is [`result_len`].
///
/// # Safety
/// `ptr[..len]` must be readable memory (a buffer from [`alloc`]).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn search(ptr: *const u8, len: usize) -> *const u8 {
    // SAFETY: per the contract.
    let bytes = unsafe { slice(ptr, len) };
    let out = match serde_json::from_slice::<Query>(bytes) {
        Err(err) => message_json(&format!("bad query: {err}")),
        Ok(query) => answer(&query),
    };
    set_result(out)
}

fn answer(query: &Query) -> Vec<u8> {
    let Some(index) = INDEX.with(|i| i.borrow().clone()) else {
        return message_json("no index open");
    };
    let opened = ENGINE.with(|e| {
        if e.borrow().is_none() {
            *e.borrow_mut() = Some(Engine::open(&index)?);
        }
        Ok::<(), SearchError>(())
    });
    if let Err(err) = opened {
        return error_json(&err);
    }
    ENGINE.with(|e| match e.borrow().as_ref() {
        None => message_json("no index open"),
        Some(engine) => match engine.try_search(query) {
            Ok(results) => serde_json::to_vec(&results)
                .unwrap_or_else(|err| message_json(&err.to_string())),
            Err(err) => error_json(&err),
        },
    })
}

/// Length of the result buffer (last `open`, `add_chunk` or `search`).
#[unsafe(no_mangle)]
pub extern "C" fn result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

/// Pointer to the result buffer (last `open`, `add_chunk` or `search`), e.g. to read an error.
#[unsafe(no_mangle)]
pub extern "C" fn result_ptr() -> *const u8 {
    RESULT.with(|r| r.borrow().as_ptr())
}

unsafe fn slice<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: the caller guarantees `ptr[..len]` is readable.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

/// Random bytes for getrandom 0.3's custom backend (tantivy's uuid and rand link it). The
/// browser engine only reads indexes, which needs no randomness, so a fixed xorshift stream is
/// enough; nothing secret depends on it.
///
/// # Safety
/// `dest[..len]` must be writable, as getrandom guarantees.
#[cfg(target_arch = "wasm32")]
#[unsafe(no_mangle)]
unsafe extern "Rust" fn __getrandom_v03_custom(
    dest: *mut u8,
    len: usize,
) -> Result<(), getrandom::Error> {
    fill(dest, len);
    Ok(())
}

#[cfg(target_arch = "wasm32")]
fn fill(dest: *mut u8, len: usize) {
    use std::cell::Cell;
    thread_local!(static STATE: Cell<u64> = const { Cell::new(0x9E37_79B9_7F4A_7C15) });
    STATE.with(|s| {
        for i in 0..len {
            let mut x = s.get();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.set(x);
            // SAFETY: `dest[..len]` is writable per the caller's contract.
            unsafe { *dest.add(i) = x as u8 };
        }
    });
}
