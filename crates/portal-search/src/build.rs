//! Building a language's index and publishing it as a manifest and chunks ([`crate::chunked`]).

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;

use tantivy::directory::{CompositeFile, RamDirectory};
use tantivy::index::{SegmentComponent, SegmentId};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::store::Compressor;
use tantivy::{Directory, DocAddress, Index, IndexSettings, IndexWriter, TantivyDocument};

use crate::analysis::{Analysis, tokenizer_name};
use crate::attrs::{self, Attrs};
use crate::chunked::{
    ChunkedIndex, ChunkedPack, Chunking, SEGMENT_ID, merge_ranges, segment_id, write_manifest,
};
use crate::{Document, Engine, Lang, SearchError};

/// Field names of the index schema, shared by the builder and the engine.
pub(crate) mod field {
    pub const URL: &str = "url";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const EXCERPT: &str = "excerpt";
}

/// Knobs of the index build. The defaults suit the portal at its size and at 40,000 pages
/// (measured with benches/search, see docs/benchmarks.md); they exist so that the trade-offs can
/// be measured.
#[derive(Clone, Debug)]
pub struct PackOptions {
    /// How many chars of each body are stored for snippets. The whole text is indexed, but only
    /// this excerpt travels to the browser: a match further down the page is found, and its
    /// snippet shows the start of the page.
    pub excerpt_chars: usize,
    /// Size of a chunk file of the postings and positions. Smaller chunks waste fewer bytes
    /// around what a query reads, larger ones compress better and make fewer requests. The doc
    /// store and the term dictionaries are cut at their blocks instead (for the doc store, see
    /// `docstore_blocksize`; tantivy's sstable blocks are about 4 KB).
    pub chunk_bytes: u32,
    /// Below this many bytes of index files, the manifest carries every file but the positions:
    /// one request, and only a quoted phrase fetches chunks (of positions) later. Chosen by
    /// measurement (docs/benchmarks.md): at the portal's size (178 KB of index files in
    /// Spanish) a first chunked query costs fewer bytes, but its first result comes in 368 ms
    /// instead of 167 ms, the time of 4–5 dependent rounds of chunk fetches. The positions are
    /// 40 % of the brotli bytes of that index and no query reads them but a phrase.
    pub inline_below: usize,
    /// Size of a doc-store block: a hit's stored fields are read by block, and each block is
    /// one chunk file, so small blocks keep the bytes of the results shown small.
    pub docstore_blocksize: usize,
}

impl Default for PackOptions {
    fn default() -> Self {
        PackOptions {
            excerpt_chars: 400,
            chunk_bytes: 4 * 1024,
            inline_below: 256 * 1024,
            docstore_blocksize: 2 * 1024,
        }
    }
}

/// Builds the index of `docs` in `lang` with the default [`PackOptions`] and returns its
/// manifest and chunks (see [`crate::chunked`] for the format). Deterministic: the same
/// documents in the same order give the same bytes.
pub fn build_pack(lang: Lang, docs: &[Document]) -> Result<ChunkedPack, SearchError> {
    build_pack_with(lang, docs, &PackOptions::default())
}

/// The schema: title (indexed with positions, stored, boosted at query time), body (indexed
/// with positions, not stored), excerpt and url (stored only). What filters and facets read is
/// in the pack's own attribute table ([`crate::attrs`]), not in tantivy's fast fields.
pub(crate) fn schema(lang: Lang) -> Schema {
    let mut b = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(tokenizer_name(lang))
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    b.add_text_field(field::URL, STORED);
    b.add_text_field(
        field::TITLE,
        TextOptions::default()
            .set_indexing_options(indexing.clone())
            .set_stored(),
    );
    b.add_text_field(
        field::BODY,
        TextOptions::default().set_indexing_options(indexing),
    );
    b.add_text_field(field::EXCERPT, STORED);
    b.build()
}

/// Like [`build_pack`], with explicit options.
pub fn build_pack_with(
    lang: Lang,
    docs: &[Document],
    options: &PackOptions,
) -> Result<ChunkedPack, SearchError> {
    let analysis = Analysis::of(lang)?;
    let schema = schema(lang);
    let f = |name: &str| -> Field { schema.get_field(name).expect("field in schema") };
    let (url, title, body, excerpt) = (
        f(field::URL),
        f(field::TITLE),
        f(field::BODY),
        f(field::EXCERPT),
    );
    let settings = IndexSettings {
        // No store compression: the pack is served with HTTP compression (gzip/brotli), which
        // compresses a plain store better than lz4 would, and the browser engine is smaller
        // without a decompressor.
        docstore_compression: Compressor::None,
        docstore_compress_dedicated_thread: false,
        docstore_blocksize: options.docstore_blocksize,
        ..IndexSettings::default()
    };
    let directory = RamDirectory::create();
    let index = Index::create(directory.clone(), schema.clone(), settings)?;
    index
        .tokenizers()
        .register(tokenizer_name(lang), analysis.index_analyzer());

    // Each document's attributes by URL: the table lists them in doc-id order, which the
    // merge of several segments does not keep, so rows are matched by the stored URL.
    let mut attrs_by_url: HashMap<&str, Attrs> = HashMap::with_capacity(docs.len());
    let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000)?;
    for d in docs {
        let invalid = |reason: &str| SearchError::InvalidDocument {
            url: d.url.clone(),
            reason: reason.into(),
        };
        if d.url.is_empty() {
            return Err(invalid("empty URL"));
        }
        match attrs_by_url.entry(&d.url) {
            Entry::Occupied(_) => return Err(invalid("two documents have this URL")),
            Entry::Vacant(slot) => slot.insert(Attrs::of(d)?),
        };
        let mut doc = TantivyDocument::new();
        doc.add_text(url, &d.url);
        doc.add_text(title, &d.title);
        doc.add_text(body, &d.body);
        doc.add_text(excerpt, make_excerpt(&d.body, options.excerpt_chars));
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let ids: Vec<SegmentId> = index.searchable_segment_ids()?;
    if ids.len() > 1 {
        writer.merge(&ids).wait()?;
    }
    writer.wait_merging_threads()?;

    let metas = index.searchable_segment_metas()?;
    let (written_id, doc_count) = match metas.as_slice() {
        [] => (None, 0),
        [one] => (Some(one.id().uuid_string()), one.max_doc()),
        _ => {
            return Err(SearchError::InvalidPack(
                "merge left several segments".into(),
            ));
        }
    };

    // Collect the segment's files and meta.json, renaming the random segment id to a fixed one.
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let managed = index.directory().list_managed_files();
    for path in managed {
        let name = path.to_string_lossy().to_string();
        let Some(id) = &written_id else { break };
        if let Some(ext) = name.strip_prefix(id.as_str()) {
            let data = directory
                .atomic_read(&path)
                .map_err(|e| SearchError::InvalidPack(format!("reading {name}: {e}")))?;
            files.push((format!("{SEGMENT_ID}{ext}"), data));
        }
    }
    let meta = directory
        .atomic_read(Path::new("meta.json"))
        .map_err(|e| SearchError::InvalidPack(format!("reading meta.json: {e}")))?;
    // meta.json names the segment (as a hyphenated UUID) and carries an opstamp: both are set to
    // fixed values, and the JSON is rewritten compactly, so it depends only on the content.
    let segment_uuid = serde_json::to_value(segment_id())
        .map_err(|e| SearchError::InvalidPack(format!("segment id: {e}")))?;
    let mut value: serde_json::Value = serde_json::from_slice(&meta)
        .map_err(|e| SearchError::InvalidPack(format!("meta.json: {e}")))?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert("opstamp".into(), serde_json::Value::from(0u64));
        if let Some(segments) = obj.get_mut("segments").and_then(|s| s.as_array_mut()) {
            for segment in segments {
                if let Some(seg) = segment.as_object_mut() {
                    seg.insert("segment_id".into(), segment_uuid.clone());
                }
            }
        }
    }
    files.push(("meta.json".into(), value.to_string().into_bytes()));
    let rows = rows_in_doc_order(&index, url, &attrs_by_url)?;
    files.push((attrs::FILE.into(), attrs::encode(&rows)?));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    publish(lang, doc_count, &files, options)
}

/// The attribute rows of the index's documents in doc-id order, found by each one's stored URL.
fn rows_in_doc_order(
    index: &Index,
    url: Field,
    attrs_by_url: &HashMap<&str, Attrs>,
) -> Result<Vec<Attrs>, SearchError> {
    let searcher = index.reader()?.searcher();
    let mut rows = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc_id in 0..segment.max_doc() {
            let doc: TantivyDocument = searcher.doc(DocAddress::new(segment_ord as u32, doc_id))?;
            let stored = doc.get_first(url).and_then(|v| v.as_str()).unwrap_or("");
            let row = attrs_by_url.get(stored).ok_or_else(|| {
                SearchError::InvalidPack(format!("the index holds an unknown URL {stored:?}"))
            })?;
            rows.push(row.clone());
        }
    }
    Ok(rows)
}

/// Chooses the hot cache: the byte ranges that opening the index reads, recorded by opening it
/// once with every chunk at hand, and when the index is small every file but the positions.
fn publish(
    lang: Lang,
    doc_count: u32,
    files: &[(String, Vec<u8>)],
    options: &PackOptions,
) -> Result<ChunkedPack, SearchError> {
    let blob_len: u64 = files.iter().map(|(_, d)| d.len() as u64).sum();
    let fixed = |_: &str| Chunking::Every(options.chunk_bytes);
    let everything = write_manifest(lang, doc_count, files, &[], fixed);
    let index = ChunkedIndex::from_pack(&everything, true)?;
    Engine::open(&index)?;
    // meta.json and the attribute table are read whole; the other reads are footers and indexes.
    let mut hot = index.recorded_reads();
    let by_block = block_chunkings(&index, files, hot.len())?;
    let chunking = |name: &str| by_block.get(name).cloned().unwrap_or_else(|| fixed(name));
    if blob_len < options.inline_below as u64 {
        let mut start = 0;
        for (name, data) in files {
            let end = start + data.len() as u64;
            if !name.ends_with(".pos") {
                hot.push(start..end);
            }
            start = end;
        }
    }
    Ok(write_manifest(
        lang,
        doc_count,
        files,
        &merge_ranges(hot, 64),
        chunking,
    ))
}

/// The files a query reads block by block, each cut at its blocks so that a block is one chunk
/// file: the doc store (a hit's stored fields) and the term dictionaries (the sstable block of
/// a word, and the run of blocks its completions or typo expansions stream). Fixed-size chunks
/// would cut most 4 KB dictionary blocks in two: two requests per word and field instead of
/// one. The gaps between blocks (skip indexes, sstable indexes, footers) are chunks too, hot
/// anyway.
///
/// The doc-store blocks are found by reading every document's stored fields through `index`
/// (which records reads, `opening_reads` of them made by opening it); the dictionary blocks by
/// walking the length prefixes of each field's sstable.
fn block_chunkings(
    index: &ChunkedIndex,
    files: &[(String, Vec<u8>)],
    opening_reads: usize,
) -> Result<HashMap<String, Chunking>, SearchError> {
    let tantivy_index = Index::open(index.clone())?;
    let reader = tantivy_index.reader()?;
    for segment in reader.searcher().segment_readers() {
        let docs = segment
            .get_store_reader(1)
            .map_err(tantivy::TantivyError::from)?;
        for doc in 0..segment.max_doc() {
            docs.get_document_bytes(doc)?;
        }
    }
    let mut cuts: Vec<u64> = index.recorded_reads()[opening_reads..]
        .iter()
        .flat_map(|read| [read.start, read.end])
        .collect();
    let fields: Vec<Field> = tantivy_index.schema().fields().map(|(f, _)| f).collect();
    for segment in tantivy_index.searchable_segments()? {
        let terms = segment
            .open_read(SegmentComponent::Terms)
            .map_err(tantivy::TantivyError::from)?;
        let terms = CompositeFile::open(&terms).map_err(tantivy::TantivyError::from)?;
        for &field in &fields {
            let Some(section) = terms.open_read(field) else {
                continue;
            };
            let bytes = section.read_bytes().map_err(tantivy::TantivyError::from)?;
            // The read just recorded says where the section lies in the blob.
            let start = index.recorded_reads().last().map_or(0, |read| read.start);
            cuts.extend([start, start + bytes.len() as u64]);
            cuts.extend(
                sstable_block_ends(bytes.as_slice())?
                    .into_iter()
                    .map(|end| start + end),
            );
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut chunkings = HashMap::new();
    let mut start = 0u64;
    for (name, data) in files {
        let end = start + data.len() as u64;
        if name.ends_with(".store") || name.ends_with(".term") {
            let inside = cuts
                .iter()
                .copied()
                .filter(|c| (start + 1..end).contains(c));
            let bounds: Vec<u64> = std::iter::once(start)
                .chain(inside)
                .chain(std::iter::once(end))
                .collect();
            let lengths = bounds
                .windows(2)
                .map(|w| u32::try_from(w[1] - w[0]))
                .collect::<Result<Vec<u32>, _>>()
                .map_err(|_| SearchError::InvalidPack(format!("{name}: a block of 4 GB")))?;
            chunkings.insert(name.clone(), Chunking::Lengths(lengths));
        }
        start = end;
    }
    Ok(chunkings)
}

/// Where the blocks of an sstable term dictionary end, from the start of `section` (the
/// dictionary of one field): each block is a little-endian u32 length, then that many bytes
/// (a compression flag, the data); a zero length ends the blocks. A look-up reads a block from
/// its start to the next one's, and the last block up to the end of that zero, as the sstable
/// index records them.
fn sstable_block_ends(section: &[u8]) -> Result<Vec<u64>, SearchError> {
    let damaged = || SearchError::InvalidPack("a term dictionary block runs past its field".into());
    let mut ends = Vec::new();
    let mut at = 0usize;
    loop {
        let prefix = section.get(at..at + 4).ok_or_else(damaged)?;
        let len = u32::from_le_bytes(prefix.try_into().expect("4 bytes")) as usize;
        if len == 0 {
            if let Some(last) = ends.last_mut() {
                *last += 4;
            }
            return Ok(ends);
        }
        at = at
            .checked_add(4 + len)
            .filter(|&end| end <= section.len())
            .ok_or_else(damaged)?;
        ends.push(at as u64);
    }
}

/// The first `max_chars` chars of `body` with whitespace collapsed, cut at a word boundary
/// (then ending with "…", so snippets show the cut).
fn make_excerpt(body: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in body.split_whitespace() {
        let n = word.chars().count();
        if count > 0 && count + 1 + n > max_chars {
            out.push('…');
            break;
        }
        if count > 0 {
            out.push(' ');
            count += 1;
        }
        if n > max_chars {
            out.extend(word.chars().take(max_chars));
            break;
        }
        out.push_str(word);
        count += n;
    }
    out
}
