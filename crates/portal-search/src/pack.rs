//! The pack: all files of one language's index in ONE byte blob, so the browser fetches a single
//! fingerprinted file (HTTP range requests are unreliable on some static hosts) and the engine
//! opens it into a `RamDirectory`.
//!
//! Format, version 1 (all integers little-endian):
//!
//! | bytes | content |
//! | --- | --- |
//! | 4 | magic `PSPK` ("portal search pack") |
//! | 2 | format version, `1` |
//! | 2 | language code, ASCII (`fr`, `en`, `es`, `pt`) |
//! | 4 | file count N |
//! | N × (2 + n + 8) | per file, sorted by name: name length n (u16), name (UTF-8), data length (u64) |
//! | Σ lengths | the files' data, concatenated in the same order |
//! | 4 | CRC-32 (IEEE) of every byte before it |
//!
//! The checksum lets a truncated or damaged download fail cleanly at open instead of reaching
//! tantivy's decoders, which trust their input.

use crate::{Lang, SearchError};

/// The four bytes every pack starts with.
pub const MAGIC: &[u8; 4] = b"PSPK";
/// The format version written by [`write`] and the only one [`read`] accepts.
pub const VERSION: u16 = 1;

/// A parsed pack: its language and its files, borrowed from the pack bytes.
#[derive(Debug)]
pub struct Pack<'a> {
    /// The language whose analyzer the index was built with; the engine uses it for queries.
    pub lang: Lang,
    /// (file name, file bytes), sorted by name.
    pub files: Vec<(&'a str, &'a [u8])>,
}

/// Writes a pack. Files are sorted by name first, so the bytes depend only on the content.
pub fn write(lang: Lang, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let data_len: usize = sorted.iter().map(|(_, d)| d.len()).sum();
    let mut out = Vec::with_capacity(16 + data_len + sorted.len() * 64);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(lang.code().as_bytes());
    out.extend_from_slice(&(sorted.len() as u32).to_le_bytes());
    for (name, data) in &sorted {
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
    }
    for (_, data) in &sorted {
        out.extend_from_slice(data);
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// Reads a pack, checking magic, version, bounds and checksum. Never panics on bad input.
pub fn read(bytes: &[u8]) -> Result<Pack<'_>, SearchError> {
    let bad = |why: &str| SearchError::InvalidPack(why.to_string());
    if bytes.len() < 16 {
        return Err(bad("too short"));
    }
    if &bytes[..4] != MAGIC {
        return Err(bad("not a search pack (bad magic)"));
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    let mut r = Reader {
        bytes: body,
        pos: 4,
    };
    let version = u16::from_le_bytes(r.take(2)?.try_into().unwrap_or_default());
    if version != VERSION {
        return Err(bad(&format!(
            "unsupported version {version}, this engine reads {VERSION}"
        )));
    }
    let crc = u32::from_le_bytes(crc.try_into().map_err(|_| bad("truncated"))?);
    if crc32fast::hash(body) != crc {
        return Err(bad("checksum mismatch (damaged or truncated file)"));
    }
    let code = std::str::from_utf8(r.take(2)?).map_err(|_| bad("bad language code"))?;
    let lang = Lang::from_code(code).ok_or_else(|| bad("unknown language code"))?;
    let count = u32::from_le_bytes(r.take(4)?.try_into().unwrap_or_default()) as usize;
    let mut entries = Vec::new();
    for _ in 0..count {
        let name_len = u16::from_le_bytes(r.take(2)?.try_into().unwrap_or_default()) as usize;
        let name =
            std::str::from_utf8(r.take(name_len)?).map_err(|_| bad("file name not UTF-8"))?;
        let len = u64::from_le_bytes(r.take(8)?.try_into().unwrap_or_default());
        let len = usize::try_from(len).map_err(|_| bad("file too large"))?;
        entries.push((name, len));
    }
    let mut files = Vec::with_capacity(entries.len());
    for (name, len) in entries {
        files.push((name, r.take(len)?));
    }
    if r.pos != body.len() {
        return Err(bad("trailing bytes"));
    }
    Ok(Pack { lang, files })
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SearchError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| SearchError::InvalidPack("truncated".to_string()))?;
        let out = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(out)
    }
}
