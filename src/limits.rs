//! Named limits on everything that comes from outside. Each is enforced with an error that
//! names it; none is a tuning knob that silently changes results.

/// One import line. Longer lines cannot hold a valid event (see `MAX_EVENT_BYTES`).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// One event's canonical bytes: far below the embedded engine's 128 KiB blob threshold, so
/// a block of events never becomes a separate blob file (`store::BLOCK_MAX_BYTES`).
pub const MAX_EVENT_BYTES: usize = 48 * 1024;
/// Narrative text and project contents: a long report section, in UTF-8 bytes.
pub const MAX_TEXT_BYTES: usize = 40_000;
/// Every other free-text field (names, purposes, reasons, targets), in characters.
pub const MAX_FIELD_CHARS: usize = 2_000;
/// Events in one import file (all or nothing).
pub const MAX_BATCH_EVENTS: usize = 20_000_000;
/// Import lines parsed, validated and written per store chunk (bounded memory: the writer
/// holds up to five chunks' staged records, about 9 MiB each at the bench's ~560 B/event;
/// measured with heaptrack, 50,000 made staging the largest consumer at ~100 MiB).
pub const IMPORT_CHUNK_EVENTS: usize = 16_384;
/// A batch's index entries are written per window of this many events (about 16 bytes of
/// memory each); larger windows mean fewer index entries to write and to read back.
pub const INDEX_WINDOW_EVENTS: usize = 2_000_000;
/// Nesting depth accepted in a JSON line (serde_json's own recursion limit is 128).
pub const MAX_JSON_DEPTH: usize = 32;
/// Indicators (三级指标) one project may define. A real 自评表 has a few dozen; the limit keeps
/// every per-indicator step of scoring and the report bounded (refused at append).
pub const MAX_INDICATORS_PER_PROJECT: usize = 1_000;
/// Goals (年度目标) one project may set; a real form has a handful.
pub const MAX_GOALS_PER_PROJECT: usize = 100;
/// Distinct narrative sections one project may record (the report knows fourteen by name;
/// the rest are shown under 其他).
pub const MAX_SECTIONS_PER_PROJECT: usize = 100;
