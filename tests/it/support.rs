//! Helpers: a ledger in a temp dir driven through the CLI, and import lines built from JSON.

use std::path::{Path, PathBuf};

/// The path of a repository file.
pub fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}
