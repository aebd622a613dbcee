//! The browser engine: [`portal_search::Engine`] behind a C ABI for `wasm32-unknown-unknown`,
//! without wasm-bindgen (the JavaScript side is a few lines, see `test/engine.test.mjs`).
//!
//! Protocol (all lengths in bytes, all strings UTF-8):
//! 1. `alloc(len)` returns a buffer in wasm memory; the caller writes the pack or the query into
//!    it, passes it to `open` or `search`, then frees it with `dealloc(ptr, len)`.
//! 2. `open(ptr, len) -> i32` loads a pack: 0 on success, -1 on error (the error is then the
//!    result buffer, as `{"error": "..."}`).
//! 3. `search(ptr, len) -> ptr` takes a JSON query (the fields of `portal_search::Query`, all
//!    optional) and returns a pointer to the JSON results (`portal_search::SearchResults`), or to
//!    `{"error": "..."}`; `result_len()` gives their length. The result buffer belongs to the
//!    module and stays valid until the next call of `open` or `search`: copy it out first.
//!
//! The wasm module is single-threaded: the state lives in thread-locals.

use std::cell::RefCell;

use portal_search::{Engine, Query};

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    static RESULT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn set_result(bytes: Vec<u8>) -> *const u8 {
    RESULT.with(|r| {
        *r.borrow_mut() = bytes;
        r.borrow().as_ptr()
    })
}

fn error_json(message: &str) -> Vec<u8> {
    serde_json::json!({ "error": message })
        .to_string()
        .into_bytes()
}

/// Allocates `len` bytes for the caller to write a pack or a query into.
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

/// Opens the pack in `ptr[..len]`, replacing any pack opened before. Returns 0 on success, -1
/// on error (the error message is then the result buffer).
///
/// # Safety
/// `ptr[..len]` must be readable memory (a buffer from [`alloc`]).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn open(ptr: *const u8, len: usize) -> i32 {
    // SAFETY: per the contract.
    let bytes = unsafe { slice(ptr, len) };
    match Engine::open(bytes) {
        Ok(engine) => {
            ENGINE.with(|e| *e.borrow_mut() = Some(engine));
            set_result(b"{\"ok\":true}".to_vec());
            0
        }
        Err(err) => {
            set_result(error_json(&err.to_string()));
            -1
        }
    }
}

/// Answers the JSON query in `ptr[..len]`; returns a pointer to the JSON results, whose length
/// is [`result_len`].
///
/// # Safety
/// `ptr[..len]` must be readable memory (a buffer from [`alloc`]).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn search(ptr: *const u8, len: usize) -> *const u8 {
    // SAFETY: per the contract.
    let bytes = unsafe { slice(ptr, len) };
    let out = match serde_json::from_slice::<Query>(bytes) {
        Err(err) => error_json(&format!("bad query: {err}")),
        Ok(query) => ENGINE.with(|e| match e.borrow().as_ref() {
            None => error_json("no pack open"),
            Some(engine) => match engine.try_search(&query) {
                Ok(results) => {
                    serde_json::to_vec(&results).unwrap_or_else(|err| error_json(&err.to_string()))
                }
                Err(err) => error_json(&err.to_string()),
            },
        }),
    };
    set_result(out)
}

/// Length of the result buffer (last `open` or `search`).
#[unsafe(no_mangle)]
pub extern "C" fn result_len() -> usize {
    RESULT.with(|r| r.borrow().len())
}

/// Pointer to the result buffer (last `open` or `search`), e.g. to read an `open` error.
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
