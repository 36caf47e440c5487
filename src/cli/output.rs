//! Output files (`export --out`, `report --out`, the demo's reports): never inside the ledger
//! directory, and written whole or not at all — to a temporary name in the same directory,
//! fsynced, then renamed over the target, so a killed command leaves the old file or the
//! whole new one (and at worst a stray `.NAME.jixiao-tmp-PID` beside it).

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Component, Path, PathBuf};

use super::Failure;
use crate::i18n::Msg;

/// An output path checked against the ledger directory; only these are written.
#[derive(Debug, Clone)]
pub struct OutPath {
    path: PathBuf,
}

impl OutPath {
    /// Refuses `path` when it, or the file a symlink there points to, lies inside `ledger`
    /// (both resolved canonically, through symlinks and `..`; a path that does not exist yet
    /// is resolved through its nearest existing parent). Exit 2, naming both and the rule.
    pub fn check(path: &Path, ledger: &Path) -> Result<OutPath, Failure> {
        let name = path.file_name().ok_or_else(|| {
            Failure::input(Msg::new("out-not-a-file").arg("path", path.display()))
        })?;
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let ledger_dir = resolve(ledger)?;
        let at = resolve(parent)?.join(name);
        let target = path.canonicalize().unwrap_or_else(|_| at.clone());
        for resolved in [&at, &target] {
            if resolved.starts_with(&ledger_dir) {
                return Err(Failure::input(
                    Msg::new("out-inside-ledger")
                        .arg("path", path.display())
                        .arg("ledger", ledger_dir.display())
                        .arg("resolved", resolved.display()),
                ));
            }
        }
        Ok(OutPath {
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes the file whole or not at all: `fill` writes into a temporary file beside the
    /// target, which is flushed, fsynced and renamed over the target, and the directory is
    /// fsynced. On any error the temporary file is removed and the target is untouched.
    pub fn write<T>(
        &self,
        fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let cannot = |e: std::io::Error| super::cannot("cannot-write", &self.path, &e);
        let (tmp, file) = self.create_temporary().map_err(cannot)?;
        let written = write_synced(file, fill).and_then(|value| {
            std::fs::rename(&tmp, &self.path).map_err(cannot)?;
            Ok(value)
        });
        match written {
            Ok(value) => {
                sync_dir(&self.path).map_err(cannot)?;
                Ok(value)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// A new file `.NAME.jixiao-tmp-PID[-N]` in the target's directory, with the old file's
    /// permissions when there is one.
    fn create_temporary(&self) -> std::io::Result<(PathBuf, File)> {
        let name = self.path.file_name().ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
        })?;
        let dir = self.path.parent().unwrap_or(Path::new(""));
        let mut last = None;
        for n in 0..100u32 {
            let mut tmp_name = std::ffi::OsString::from(".");
            tmp_name.push(name);
            tmp_name.push(format!(".jixiao-tmp-{}", std::process::id()));
            if n > 0 {
                tmp_name.push(format!("-{n}"));
            }
            let tmp = dir.join(tmp_name);
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(file) => {
                    if let Ok(old) = std::fs::metadata(&self.path) {
                        let _ = file.set_permissions(old.permissions());
                    }
                    return Ok((tmp, file));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(e),
            }
        }
        Err(last.expect("invariant: the loop ran"))
    }
}

fn write_synced<T>(
    file: File,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let value = fill(&mut w)?;
    w.flush()?;
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(value)
}

/// Makes the rename durable.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(dir)?.sync_all()
}

/// `path` made absolute and canonical: its longest existing prefix through
/// `canonicalize` (symlinks, `..`), the rest appended with `.` dropped and `..` applied.
fn resolve(path: &Path) -> Result<PathBuf, Failure> {
    let absolute = std::env::current_dir()?.join(path);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let base = loop {
        match existing.canonicalize() {
            Ok(base) => break base,
            Err(_) => {
                rest.push(existing.components().next_back());
                existing = match existing.parent() {
                    Some(parent) => parent,
                    None => break PathBuf::from("/"),
                };
            }
        }
    };
    let mut resolved = base;
    for component in rest.into_iter().rev().flatten() {
        match component {
            Component::ParentDir => drop(resolved.pop()),
            Component::Normal(name) => resolved.push(name),
            _ => {}
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_ledger_are_refused_however_written() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("ledger");
        std::fs::create_dir_all(ledger.join("sub")).unwrap();
        std::fs::write(ledger.join("db"), b"ledger data").unwrap();
        let outside = dir.path().join("out");
        std::fs::create_dir_all(&outside).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&ledger, dir.path().join("link-to-ledger")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(ledger.join("db"), outside.join("link-to-db")).unwrap();
        let refused = [
            ledger.join("db"),
            ledger.join("new-file"),
            ledger.join("sub/../jixiao-head"),
            ledger.join("missing/dir/file"),
            outside.join("../ledger/db"),
            ledger.clone(),
            #[cfg(unix)]
            dir.path().join("link-to-ledger/db"),
            #[cfg(unix)]
            outside.join("link-to-db"),
        ];
        for path in refused {
            let e = OutPath::check(&path, &ledger).expect_err(&path.display().to_string());
            assert_eq!(e.code, 2);
            let zh = e.msg.to_string();
            assert!(zh.contains("输出文件不得写在账本目录"), "{zh}");
        }
        for path in [
            outside.join("report.md"),
            dir.path().join("ledger-reports/x.md"),
        ] {
            OutPath::check(&path, &ledger).expect("outside the ledger");
        }
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_a_failed_one_leaves_it() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("ledger");
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old\n").unwrap();
        let out = OutPath::check(&path, &ledger).unwrap();
        let failed = out.write(|w| {
            w.write_all(b"half")?;
            Err::<(), _>(Failure::input("stopped"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        out.write(|w| Ok(w.write_all(b"new\n")?)).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            names,
            vec![std::ffi::OsString::from("out.txt")],
            "no temporary file is left"
        );
    }
}
