//! The published form of a language's index: a small manifest holding a "hot cache", and
//! immutable chunk files fetched only when a query needs them.
//!
//! What a first search downloads must not grow with the content. The index files of one
//! language are laid end to end into one virtual blob, each file cut into chunks: of a fixed
//! size for postings and positions (see [`crate::PackOptions`]), and at their block boundaries
//! for the doc store and the term dictionaries, so that the stored fields of a hit shown, and
//! the dictionary block of a word, are one whole chunk file each; the manifest lists the files
//! and carries the byte ranges that opening the index reads (footers, meta.json,
//! term-dictionary indexes, field norms, the doc-store skip index, the attribute table
//! `attrs.bin` that filters and facets read), recorded at build time by opening the index once:
//! the "hot cache" design Quickwit uses to query tantivy splits on object storage. A query then
//! reads a few term-dictionary blocks, the postings of its terms and the stored fields of the
//! hits shown, each from a whole chunk file (no HTTP range requests: hosts that compress on the
//! fly ignore them).
//!
//! [`ChunkedIndex`] is the tantivy `Directory` over a manifest. A read that needs a chunk it does
//! not hold fails and records the chunk; the engine gathers every chunk of a round before
//! failing with [`SearchError::MissingChunks`], so the browser fetches them in parallel and runs
//! the query again. The command line gives it a loader that reads chunk files from disk instead.
//!
//! The index is one tantivy segment (none when there are no documents), whose files are named
//! by [`SEGMENT_ID`] rather than a random id, so that the same documents give the same bytes.
//!
//! Manifest format, version 5 (integers little-endian):
//!
//! | bytes | content |
//! | --- | --- |
//! | 4 | magic `PSIX` ("portal search index") |
//! | 2 | format version, `5` |
//! | 2 | language code, ASCII (`fr`, `en`, `es`, `pt`) |
//! | 16 | BLAKE3 digest of the blob (so the manifest's name, a hash of it, changes with any chunk) |
//! | 8 | blob length |
//! | 4 | document count: the segment's max doc (0: no segment) |
//! | 4 | file count N, then N × (name length u16, name, data length u64, chunking), in blob order |
//! | 4 | hot range count R, then R × (blob offset u64, length u32, bytes), sorted, disjoint |
//! | 4 | CRC-32 (IEEE) of every byte before it |
//!
//! A file's chunking is either `0` then a chunk size C (u32): ⌈L/C⌉ chunks for a file of length
//! L; or `1` then a chunk count K (u32) and K chunk lengths (LEB128), which sum to L. Chunks
//! are numbered across files in blob order; chunk `i` is published in the file named by
//! [`chunk_path`]. A chunk of the wrong length is refused; a damaged or foreign manifest fails
//! its checksum before tantivy's decoders, which trust their input, see it.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::LockError;
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    DirectoryLock, FileHandle, Lock, OwnedBytes, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::{Directory, HasLen};

use crate::binary::{Reader, write_leb128};
use crate::{Lang, SearchError};

/// The four bytes every manifest starts with.
pub const MAGIC: &[u8; 4] = b"PSIX";
/// The format version [`crate::build_pack`] writes and the only one [`ChunkedIndex::open`]
/// accepts.
pub const VERSION: u16 = 5;

/// The id of the index's one segment, as tantivy names its files (`{SEGMENT_ID}.idx`).
pub const SEGMENT_ID: &str = "00000000000000000000000000000001";

/// [`SEGMENT_ID`] as tantivy's type.
pub(crate) fn segment_id() -> tantivy::index::SegmentId {
    tantivy::index::SegmentId::from_uuid_string(SEGMENT_ID).expect("SEGMENT_ID is a UUID in hex")
}

/// More chunks than any index has (4 GB in chunks of 4 KB): a manifest that lists more is
/// refused before its chunk table is allocated.
const MAX_CHUNKS: u64 = 1 << 20;

/// How one file of the index is cut into chunk files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Chunking {
    /// Chunks of this many bytes, the last one shorter: for files a query reads in ranges of
    /// any length (postings, positions).
    Every(u32),
    /// Chunks of these lengths, in order, summing to the file's length: the doc store and the
    /// term dictionaries, cut at their block boundaries, since a hit reads exactly one block,
    /// as does a word's look-up in one field.
    Lengths(Vec<u32>),
}

impl Chunking {
    /// The chunk lengths of a file of `len` bytes.
    fn lengths(&self, len: u64) -> Vec<u64> {
        match self {
            Chunking::Every(size) => {
                let size = u64::from(*size).max(1);
                (0..len.div_ceil(size))
                    .map(|i| size.min(len - i * size))
                    .collect()
            }
            Chunking::Lengths(lengths) => lengths.iter().map(|&l| u64::from(l)).collect(),
        }
    }
}

/// A language's index as it is published: the manifest and the chunk files.
#[derive(Clone, Debug)]
pub struct ChunkedPack {
    /// The language of the index.
    pub lang: Lang,
    /// The manifest (file table and hot cache), fetched first.
    pub manifest: Vec<u8>,
    /// The chunks, in order: chunk `i` is published at [`chunk_path`]`(manifest path, i)`.
    pub chunks: Vec<Vec<u8>>,
}

/// Where chunk `index` of the manifest published at `manifest_path` lives:
/// `assets/search/es.1a2b.pack` → `assets/search/es.1a2b.7.chunk`. The manifest's name carries
/// the fingerprint of the whole blob, so chunk names are immutable too. The search worker
/// (themes/default/js/search-worker.js) follows the same rule.
pub fn chunk_path(manifest_path: &str, index: usize) -> String {
    let stem = manifest_path.strip_suffix(".pack").unwrap_or(manifest_path);
    format!("{stem}.{index}.chunk")
}

/// Lays `files` (name, bytes) end to end, cuts each into chunks as `chunking` says for it and
/// writes the manifest with the `hot` blob ranges. With `hot` covering the whole blob there are
/// no chunks: the manifest is then the whole index in one file.
pub(crate) fn write_manifest(
    lang: Lang,
    doc_count: u32,
    files: &[(String, Vec<u8>)],
    hot: &[Range<u64>],
    chunking: impl Fn(&str) -> Chunking,
) -> ChunkedPack {
    let blob: Vec<u8> = files.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    let whole = hot
        .iter()
        .any(|r| r.start == 0 && r.end == blob.len() as u64);
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(lang.code().as_bytes());
    out.extend_from_slice(&blake3::hash(&blob).as_bytes()[..16]);
    out.extend_from_slice(&(blob.len() as u64).to_le_bytes());
    out.extend_from_slice(&doc_count.to_le_bytes());
    out.extend_from_slice(&(files.len() as u32).to_le_bytes());
    let mut chunks = Vec::new();
    for (name, data) in files {
        let cut = chunking(name);
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        match &cut {
            Chunking::Every(size) => {
                out.push(0);
                out.extend_from_slice(&(*size).max(1).to_le_bytes());
            }
            Chunking::Lengths(lengths) => {
                out.push(1);
                out.extend_from_slice(&(lengths.len() as u32).to_le_bytes());
                for &length in lengths {
                    write_leb128(&mut out, length);
                }
            }
        }
        if !whole {
            let mut start = 0;
            for length in cut.lengths(data.len() as u64) {
                let end = start + length as usize;
                chunks.push(data[start..end].to_vec());
                start = end;
            }
        }
    }
    out.extend_from_slice(&(hot.len() as u32).to_le_bytes());
    for r in hot {
        out.extend_from_slice(&r.start.to_le_bytes());
        out.extend_from_slice(&((r.end - r.start) as u32).to_le_bytes());
        out.extend_from_slice(&blob[r.start as usize..r.end as usize]);
    }
    let crc = checksum(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    ChunkedPack {
        lang,
        manifest: out,
        chunks,
    }
}

/// The manifest's CRC-32 (IEEE), with one 1 KB table: it runs once per manifest, and a faster
/// implementation's larger tables would travel in the browser engine.
fn checksum(bytes: &[u8]) -> u32 {
    const CRC_32: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
    CRC_32.checksum(bytes)
}

/// Merges read ranges into sorted, disjoint ranges, joining those less than `gap` bytes apart
/// (one range header costs more than a few bytes of padding).
pub(crate) fn merge_ranges(mut ranges: Vec<Range<u64>>, gap: u64) -> Vec<Range<u64>> {
    ranges.retain(|r| r.end > r.start);
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<u64>> = Vec::new();
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end + gap => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Reads chunk `index` from wherever the chunks are (the site folder, memory).
pub type ChunkLoader = Box<dyn Fn(usize) -> io::Result<Vec<u8>> + Send + Sync>;

/// An index opened from its manifest: a read-only tantivy `Directory` that serves reads from
/// the hot cache and the chunks it holds, and records the chunks it lacks. Cloning shares the
/// chunks, so chunks added after the engine opened are seen by it.
#[derive(Clone)]
pub struct ChunkedIndex {
    inner: Arc<Inner>,
}

struct Inner {
    lang: Lang,
    doc_count: u32,
    /// File name → blob range.
    files: HashMap<PathBuf, Range<u64>>,
    /// Sorted, disjoint (blob offset, bytes).
    hot: Vec<(u64, Vec<u8>)>,
    /// Blob offset where each chunk starts, then the blob length; empty when the manifest
    /// holds the whole index.
    chunk_starts: Vec<u64>,
    chunks: Mutex<HashMap<usize, Arc<[u8]>>>,
    missing: Mutex<BTreeSet<usize>>,
    /// Blob ranges read, when recording (at build time, to choose the hot cache).
    reads: Option<Mutex<Vec<Range<u64>>>>,
    loader: Option<ChunkLoader>,
}

impl std::fmt::Debug for ChunkedIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChunkedIndex")
            .field("lang", &self.inner.lang)
            .field("files", &self.inner.files.len())
            .field("chunks", &self.chunk_count())
            .finish()
    }
}

impl ChunkedIndex {
    /// Opens a manifest made by [`crate::build_pack`], checking magic, version, bounds and
    /// checksum. Chunks are then given with [`ChunkedIndex::add_chunk`] as queries ask for them.
    pub fn open(manifest: &[u8]) -> Result<ChunkedIndex, SearchError> {
        Self::parse(manifest, None, false)
    }

    /// Like [`ChunkedIndex::open`], with a loader that reads any chunk on demand (the command
    /// line reads them from the site folder): queries then never miss a chunk.
    pub fn open_with_loader(
        manifest: &[u8],
        loader: ChunkLoader,
    ) -> Result<ChunkedIndex, SearchError> {
        Self::parse(manifest, Some(loader), false)
    }

    /// Opens the manifest with every chunk of `pack` at hand, recording reads when `record`.
    pub(crate) fn from_pack(pack: &ChunkedPack, record: bool) -> Result<ChunkedIndex, SearchError> {
        let chunks = pack.chunks.clone();
        let loader: ChunkLoader = Box::new(move |i| {
            chunks
                .get(i)
                .cloned()
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, format!("no chunk {i}")))
        });
        Self::parse(&pack.manifest, Some(loader), record)
    }

    fn parse(
        bytes: &[u8],
        loader: Option<ChunkLoader>,
        record: bool,
    ) -> Result<ChunkedIndex, SearchError> {
        let bad = |why: &str| SearchError::InvalidPack(why.to_string());
        if bytes.len() < 48 {
            return Err(bad("too short"));
        }
        if &bytes[..4] != MAGIC {
            return Err(bad("not a search index manifest (bad magic)"));
        }
        let (body, crc) = bytes.split_at(bytes.len() - 4);
        let mut r = Reader::new(body);
        r.take(4)?;
        let version = u16::from_le_bytes(r.array()?);
        if version != VERSION {
            return Err(bad(&format!(
                "unsupported version {version}, this engine reads {VERSION}"
            )));
        }
        if checksum(body) != u32::from_le_bytes(crc.try_into().map_err(|_| bad("truncated"))?) {
            return Err(bad("checksum mismatch (damaged or truncated file)"));
        }
        let code = std::str::from_utf8(r.take(2)?).map_err(|_| bad("bad language code"))?;
        let lang = Lang::from_code(code).ok_or_else(|| bad("unknown language code"))?;
        r.take(16)?;
        let blob_len = u64::from_le_bytes(r.array()?);
        let doc_count = u32::from_le_bytes(r.array()?);
        let mut files = HashMap::new();
        let mut chunk_starts = Vec::new();
        let mut offset = 0u64;
        for _ in 0..u32::from_le_bytes(r.array()?) {
            let name_len = usize::from(u16::from_le_bytes(r.array()?));
            let name =
                std::str::from_utf8(r.take(name_len)?).map_err(|_| bad("file name not UTF-8"))?;
            if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                return Err(bad(&format!("bad file name {name:?}")));
            }
            let len = u64::from_le_bytes(r.array()?);
            let end = offset
                .checked_add(len)
                .filter(|&end| end <= blob_len)
                .ok_or_else(|| bad("file beyond the blob"))?;
            let chunking = match r.array::<1>()? {
                [0] => match u32::from_le_bytes(r.array()?) {
                    0 => return Err(bad("chunk size 0")),
                    size => Chunking::Every(size),
                },
                [1] => {
                    let count = u32::from_le_bytes(r.array()?);
                    // Each length takes at least one byte: a count beyond the manifest is a lie.
                    if count as usize > body.len() {
                        return Err(bad("more chunks than the manifest can list"));
                    }
                    let lengths = (0..count)
                        .map(|_| r.leb128())
                        .collect::<Result<Vec<u32>, _>>()?;
                    Chunking::Lengths(lengths)
                }
                _ => return Err(bad("unknown chunking")),
            };
            let count = match &chunking {
                Chunking::Every(size) => len.div_ceil(u64::from(*size)),
                Chunking::Lengths(lengths) => lengths.len() as u64,
            };
            if chunk_starts.len() as u64 + count > MAX_CHUNKS {
                return Err(bad("more chunks than an index has"));
            }
            let lengths = chunking.lengths(len);
            if lengths.contains(&0) || lengths.iter().sum::<u64>() != len {
                return Err(bad(&format!("the chunks of {name} do not cover it")));
            }
            let mut start = offset;
            for length in lengths {
                chunk_starts.push(start);
                start += length;
            }
            files.insert(PathBuf::from(name), offset..end);
            offset = end;
        }
        if offset != blob_len {
            return Err(bad("files do not fill the blob"));
        }
        let mut hot = Vec::new();
        let mut last_end = 0u64;
        for _ in 0..u32::from_le_bytes(r.array()?) {
            let start = u64::from_le_bytes(r.array()?);
            let len = u32::from_le_bytes(r.array()?) as usize;
            let data = r.take(len)?;
            if start < last_end || start + len as u64 > blob_len {
                return Err(bad("hot cache ranges out of order"));
            }
            last_end = start + len as u64;
            hot.push((start, data.to_vec()));
        }
        if !r.is_empty() {
            return Err(bad("trailing bytes"));
        }
        let whole = hot
            .iter()
            .any(|(start, data)| *start == 0 && data.len() as u64 == blob_len);
        if whole {
            chunk_starts.clear();
        } else {
            chunk_starts.push(blob_len);
        }
        Ok(ChunkedIndex {
            inner: Arc::new(Inner {
                lang,
                doc_count,
                files,
                hot,
                chunk_starts,
                chunks: Mutex::new(HashMap::new()),
                missing: Mutex::new(BTreeSet::new()),
                reads: record.then(|| Mutex::new(Vec::new())),
                loader,
            }),
        })
    }

    /// The language whose analyzer the index was built with.
    pub fn lang(&self) -> Lang {
        self.inner.lang
    }

    /// How many documents the index holds (the max doc of its one segment).
    pub fn doc_count(&self) -> u32 {
        self.inner.doc_count
    }

    /// How many chunk files the index has (0 when the manifest holds it whole).
    pub fn chunk_count(&self) -> usize {
        self.inner.chunk_starts.len().saturating_sub(1)
    }

    /// The blob range of chunk `index`, if there is such a chunk.
    fn chunk_range(&self, index: usize) -> Option<Range<u64>> {
        let starts = &self.inner.chunk_starts;
        Some(*starts.get(index)?..*starts.get(index + 1)?)
    }

    /// Gives the engine chunk `index`, fetched after a query reported it missing. Refuses an
    /// unknown index or bytes of the wrong length (an error page served instead of the chunk).
    pub fn add_chunk(&self, index: usize, bytes: Vec<u8>) -> Result<(), SearchError> {
        let Some(range) = self.chunk_range(index) else {
            return Err(SearchError::InvalidPack(format!("no chunk {index}")));
        };
        let expected = range.end - range.start;
        if bytes.len() as u64 != expected {
            return Err(SearchError::InvalidPack(format!(
                "chunk {index} has {} bytes, expected {expected}",
                bytes.len()
            )));
        }
        lock(&self.inner.chunks).insert(index, Arc::from(bytes));
        Ok(())
    }

    /// The chunks reads lacked since the last call, and forgets them.
    pub(crate) fn take_missing(&self) -> Vec<usize> {
        std::mem::take(&mut *lock(&self.inner.missing))
            .into_iter()
            .collect()
    }

    /// Whether a read lacked a chunk since the last [`ChunkedIndex::take_missing`].
    pub(crate) fn has_missing(&self) -> bool {
        !lock(&self.inner.missing).is_empty()
    }

    /// The blob ranges read so far, when opened to record them.
    pub(crate) fn recorded_reads(&self) -> Vec<Range<u64>> {
        self.inner
            .reads
            .as_ref()
            .map(|r| lock(r).clone())
            .unwrap_or_default()
    }

    /// Reads blob bytes `range`: from the hot cache when it covers them, else from the chunks,
    /// recording each chunk it lacks (all of them, so one round fetches them together).
    fn read(&self, range: Range<u64>) -> io::Result<Vec<u8>> {
        let inner = &*self.inner;
        if let Some(reads) = &inner.reads {
            lock(reads).push(range.clone());
        }
        if range.is_empty() {
            return Ok(Vec::new());
        }
        let i = inner
            .hot
            .partition_point(|(start, _)| *start <= range.start);
        if let Some((start, data)) = i.checked_sub(1).and_then(|i| inner.hot.get(i))
            && range.end <= start + data.len() as u64
        {
            return Ok(data[(range.start - start) as usize..(range.end - start) as usize].to_vec());
        }
        // The chunks that overlap the range (none in a whole manifest: the read is then beyond
        // the blob, which the file handles already refuse).
        let first = inner
            .chunk_starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        let last = inner
            .chunk_starts
            .partition_point(|&s| s < range.end)
            .saturating_sub(1)
            .min(self.chunk_count().saturating_sub(1));
        if self.chunk_count() == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "read outside the index",
            ));
        }
        let mut chunks = Vec::with_capacity(last + 1 - first);
        let mut lacking = Vec::new();
        for index in first..=last {
            let held = lock(&inner.chunks).get(&index).cloned();
            match (held, &inner.loader) {
                (Some(chunk), _) => chunks.push(chunk),
                (None, Some(load)) => {
                    let chunk: Arc<[u8]> = Arc::from(load(index)?);
                    lock(&inner.chunks).insert(index, chunk.clone());
                    chunks.push(chunk);
                }
                (None, None) => lacking.push(index),
            }
        }
        if !lacking.is_empty() {
            lock(&inner.missing).extend(lacking.iter().copied());
            return Err(io::Error::other(format!(
                "search index chunks {lacking:?} not loaded yet"
            )));
        }
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for (k, chunk) in chunks.iter().enumerate() {
            let chunk_start = inner.chunk_starts[first + k];
            let from = range.start.max(chunk_start) - chunk_start;
            let to = range.end.min(chunk_start + chunk.len() as u64) - chunk_start;
            let slice = chunk.get(from as usize..to as usize).ok_or_else(|| {
                io::Error::new(io::ErrorKind::UnexpectedEof, "chunk shorter than its range")
            })?;
            out.extend_from_slice(slice);
        }
        Ok(out)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One file of the index, as tantivy sees it.
#[derive(Debug)]
struct ChunkedFile {
    index: ChunkedIndex,
    range: Range<u64>,
}

impl HasLen for ChunkedFile {
    fn len(&self) -> usize {
        (self.range.end - self.range.start) as usize
    }
}

impl FileHandle for ChunkedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len() || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "read beyond the end of an index file",
            ));
        }
        let start = self.range.start + range.start as u64;
        let bytes = self.index.read(start..start + range.len() as u64)?;
        Ok(OwnedBytes::new(bytes))
    }
}

fn read_only(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "{}: the published search index is read-only",
            path.display()
        ),
    )
}

impl Directory for ChunkedIndex {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let range = self
            .inner
            .files
            .get(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        Ok(Arc::new(ChunkedFile {
            index: self.clone(),
            range: range.clone(),
        }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.inner.files.contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(read_only(path)),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let range = self
            .inner
            .files
            .get(path)
            .ok_or_else(|| OpenReadError::FileDoesNotExist(path.to_path_buf()))?;
        self.read(range.clone())
            .map_err(|e| OpenReadError::IoError {
                io_error: Arc::new(e),
                filepath: path.to_path_buf(),
            })
    }

    fn atomic_write(&self, path: &Path, _data: &[u8]) -> io::Result<()> {
        Err(read_only(path))
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    /// Nothing ever writes a published index, so readers need no lock (tantivy's default
    /// would write a lock file).
    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, _watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(WatchHandle::empty())
    }
}
