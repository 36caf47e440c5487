//! The architecture, checked by reading `src/`: every file belongs to a room, and a room may
//! name only the rooms its rule allows (`use crate::…` or a `crate::…` path). Only `store`
//! names sled; only the command line (`cli`, `main.rs`) prints, reads the wall clock or the
//! environment, names clap or chooses an exit code; the value types, `event` and the core
//! touch no files and read no clock at all. Comments, string literals and test code
//! (`#[cfg(test)]` items and the files they declare) are not read. A failure lists each
//! offence as `src/file.rs:LINE: room X may not use Y`.

use std::path::{Path, PathBuf};

/// Where a file lives, from the bottom up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Room {
    /// money, number, time, ids, limits, value, levels, sections, fund, i18n, rng.
    Value,
    /// The catalogue, envelope, canonical bytes and hashes.
    Event,
    /// Pure folds, scoring, findings, reports and their renderers, exports, form reading.
    Core,
    /// sled.
    Store,
    /// The seam between the ledger and its engines (`ledger/log`): the `EventLog` trait, the
    /// record format, what a commit carries. Engines implement it; the ledger calls it.
    Seam,
    /// The façade: appends judged by the rules, reads, verification.
    Ledger,
    /// Evidence beside the ledger: keys, Merkle proofs, checkpoints, witnesses.
    Trust,
    /// The command line (`cli`, with the bench) and `main.rs`, `lib.rs`.
    Edge,
}

impl Room {
    fn name(self) -> &'static str {
        match self {
            Room::Value => "value",
            Room::Event => "event",
            Room::Core => "core",
            Room::Store => "store",
            Room::Seam => "ledger/log",
            Room::Ledger => "ledger",
            Room::Trust => "trust",
            Room::Edge => "cli",
        }
    }

    /// The rooms this one may use.
    fn may_use(self, other: Room) -> bool {
        use Room::*;
        match self {
            Value => other == Value,
            Event => matches!(other, Value | Event),
            Core => matches!(other, Value | Event | Core),
            Seam => matches!(other, Value | Event | Seam),
            Store => matches!(other, Value | Event | Seam | Store),
            Ledger => matches!(other, Value | Event | Core | Seam | Store | Ledger),
            Trust => matches!(other, Value | Event | Core | Seam | Ledger | Trust),
            Edge => true,
        }
    }
}

/// The room of a top-level module of the crate; None for one no rule places.
fn room_of_module(module: &str) -> Option<Room> {
    Some(match module {
        "money" | "number" | "time" | "ids" | "limits" | "value" | "levels" | "sections"
        | "fund" | "i18n" | "rng" => Room::Value,
        "event" => Room::Event,
        "projection" | "scoring" | "findings" | "report" | "export" | "import_form" => Room::Core,
        "store" => Room::Store,
        "ledger" => Room::Ledger,
        "ledger::log" => Room::Seam,
        "trust" => Room::Trust,
        "cli" => Room::Edge,
        _ => return None,
    })
}

/// The room of a file, by its path under `src/`.
fn room_of_file(relative: &str) -> Option<Room> {
    match relative {
        "main.rs" | "lib.rs" => Some(Room::Edge),
        _ if relative.starts_with("ledger/log/") => Some(Room::Seam),
        _ => {
            let first = relative.split('/').next()?;
            room_of_module(first.trim_end_matches(".rs"))
        }
    }
}

/// What a room may not name besides other rooms: (pattern, what it is, rooms allowed).
const FORBIDDEN: &[(&str, &str, &[Room])] = &[
    ("sled", "sled", &[Room::Store]),
    ("std::env", "the environment", &[Room::Edge]),
    ("env::var", "the environment", &[Room::Edge]),
    ("env::temp_dir", "the environment", &[Room::Edge]),
    ("env::current_dir", "the environment", &[Room::Edge]),
    ("Utc::now", "the wall clock", &[Room::Edge]),
    ("Local::now", "the wall clock", &[Room::Edge]),
    ("SystemTime", "the wall clock", &[Room::Edge]),
    (
        "Instant::now",
        "a clock",
        &[Room::Store, Room::Ledger, Room::Trust, Room::Edge],
    ),
    ("println!", "stdout", &[Room::Edge]),
    ("print!", "stdout", &[Room::Edge]),
    ("eprintln!", "stderr", &[Room::Edge]),
    ("eprint!", "stderr", &[Room::Edge]),
    ("dbg!", "stderr", &[Room::Edge]),
    ("stdout()", "stdout", &[Room::Edge]),
    ("stderr()", "stderr", &[Room::Edge]),
    ("ExitCode", "an exit code", &[Room::Edge]),
    ("process::exit", "an exit code", &[Room::Edge]),
    ("clap", "clap", &[Room::Edge]),
    (
        "std::fs",
        "files",
        &[Room::Store, Room::Ledger, Room::Trust, Room::Edge],
    ),
    (
        "File::",
        "files",
        &[Room::Store, Room::Ledger, Room::Trust, Room::Edge],
    ),
    (
        "OpenOptions",
        "files",
        &[Room::Store, Room::Ledger, Room::Trust, Room::Edge],
    ),
];

/// Offences known and being removed elsewhere, each (file, what it uses, where it is paid).
/// Tolerated while they last; one that no longer occurs fails the test until it is taken
/// off this list, so the list can only shrink.
const KNOWN_DEBT: &[(&str, &str, &str)] = &[];

/// Source text with comments and the contents of string and char literals blanked (spaces;
/// newlines kept, so line numbers stay).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        match not_code(&chars, i) {
            Some(end) => {
                let end = end.min(chars.len());
                out.extend(
                    chars[i..end]
                        .iter()
                        .map(|&c| if c == '\n' { '\n' } else { ' ' }),
                );
                i = end;
            }
            None => {
                out.push(chars[i]);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where the comment or literal starting at `i` ends (exclusive), if one starts there.
fn not_code(chars: &[char], i: usize) -> Option<usize> {
    let next = chars.get(i + 1).copied();
    let after_ident = i > 0 && is_ident(chars[i - 1]);
    match (chars[i], next) {
        ('/', Some('/')) => Some(
            (i..chars.len())
                .find(|&k| chars[k] == '\n')
                .unwrap_or(chars.len()),
        ),
        ('/', Some('*')) => Some(block_comment_end(chars, i)),
        ('r' | 'b', _) if !after_ident => raw_string_end(chars, i),
        ('"', _) => Some(quoted_end(chars, i + 1, '"')),
        // A char literal ('x', '\n', '\''), not a lifetime ('a).
        ('\'', _) if next == Some('\\') || chars.get(i + 2) == Some(&'\'') => {
            Some(quoted_end(chars, i + 1, '\''))
        }
        _ => None,
    }
}

/// Just past the `*/` closing the (possibly nested) comment opened at `i`.
fn block_comment_end(chars: &[char], mut i: usize) -> usize {
    let mut depth = 0;
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => (depth, i) = (depth + 1, i + 2),
            ('*', '/') => {
                (depth, i) = (depth - 1, i + 2);
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    chars.len()
}

/// Just past the quote closing a literal whose contents start at `i` (escapes skipped).
fn quoted_end(chars: &[char], mut i: usize, quote: char) -> usize {
    while i < chars.len() && chars[i] != quote {
        i += if chars[i] == '\\' { 2 } else { 1 };
    }
    i + 1
}

/// Just past a raw string (`r"…"`, `r#"…"#`, `br##"…"##`) starting at `at`; None if none does.
fn raw_start_end(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let mut i = at + if chars[at] == 'b' { 1 } else { 0 };
    if chars.get(i) != Some(&'r') {
        return None;
    }
    i += 1;
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    (chars.get(i) == Some(&'"')).then_some((i + 1, hashes))
}

fn raw_string_end(chars: &[char], at: usize) -> Option<usize> {
    let (mut i, hashes) = raw_start_end(chars, at)?;
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    Some(chars.len())
}

/// `code` with every `#[cfg(test)]` item blanked; the names of `#[cfg(test)] mod x;` files.
fn without_tests(code: &str) -> (String, Vec<String>) {
    let mut chars: Vec<char> = code.chars().collect();
    let mut test_modules = Vec::new();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= chars.len() {
        if chars[i..i + marker.len()] != marker[..] {
            i += 1;
            continue;
        }
        // The item: up to its `;` or through its braces.
        let mut j = i + marker.len();
        while j < chars.len() && chars[j] != ';' && chars[j] != '{' {
            j += 1;
        }
        let head: String = chars[i + marker.len()..j.min(chars.len())].iter().collect();
        let end = if chars.get(j) == Some(&'{') {
            let mut depth = 0;
            let mut k = j;
            while k < chars.len() {
                match chars[k] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            k
        } else {
            if let Some(name) = head.split_whitespace().skip_while(|w| *w != "mod").nth(1) {
                test_modules.push(name.to_string());
            }
            j
        };
        let last = end.min(chars.len() - 1);
        for c in &mut chars[i..=last] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        i = end + 1;
    }
    (chars.into_iter().collect(), test_modules)
}

/// The top-level modules a line names through `crate::`: `crate::a::…` and each member of
/// `crate::{a, b::c}`.
fn crate_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // `jixiao_crate::`, not this crate
        }
        let ident = |s: &str| {
            let s = s.trim_start();
            let first: String = s
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // The seam is a room of its own inside `ledger`: `crate::ledger::log…`.
            let seam = s[first.len()..].strip_prefix("::log");
            match seam {
                Some(after) if first == "ledger" && !after.starts_with(is_ident) => {
                    "ledger::log".to_string()
                }
                _ => first,
            }
        };
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 1;
            let mut member = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                if depth == 0 || (c == ',' && depth == 1) {
                    out.push(ident(&member));
                    member.clear();
                    if depth == 0 {
                        break;
                    }
                } else if depth >= 1 {
                    member.push(c);
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|m| !m.is_empty() && m != "self");
    out
}

/// Whether `pattern` occurs in `line` as a whole word (`sled`, not `sledge` or `is_sled`).
fn has_word(line: &str, pattern: &str) -> bool {
    let word = is_ident;
    line.match_indices(pattern).any(|(at, _)| {
        let before = line[..at].chars().last();
        let after = line[at + pattern.len()..].chars().next();
        let word_ends = pattern.chars().last().is_some_and(word);
        let starts = !before.is_some_and(word);
        let ends = !word_ends || !after.is_some_and(word);
        starts && ends
    })
}

/// Every offence of one file's code (tests already removed) against its room's rules.
fn offences(file: &str, room: Room, code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let at = format!("{file}:{}", n + 1);
        for module in crate_paths(line) {
            match room_of_module(&module) {
                Some(other) if !room.may_use(other) => out.push(format!(
                    "{at}: room {} may not use room {} (crate::{module})",
                    room.name(),
                    other.name()
                )),
                Some(_) => {}
                None => out.push(format!(
                    "{at}: crate::{module} is in no room (tests/it/arch.rs)"
                )),
            }
        }
        for (pattern, what, allowed) in FORBIDDEN {
            if !allowed.contains(&room) && has_word(line, pattern) {
                out.push(format!(
                    "{at}: room {} may not use {what} ({pattern})",
                    room.name()
                ));
            }
        }
    }
    out
}

/// Every `.rs` file under `dir`, as paths relative to `root`.
fn sources(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.strip_prefix(root).expect("under src").to_path_buf());
        }
    }
}

/// The directory a file's child modules live in (`a/b.rs` → `a/b`, `a/mod.rs` → `a`).
fn child_dir(relative: &Path) -> PathBuf {
    let stem = relative
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let parent = relative.parent().unwrap_or(Path::new(""));
    match stem {
        "mod" | "lib" | "main" => parent.to_path_buf(),
        _ => parent.join(stem),
    }
}

/// The offences of the whole `src/` tree.
fn check_tree(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(root, root, &mut files);
    files.sort();
    let mut test_dirs: Vec<PathBuf> = Vec::new();
    let mut read = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(root.join(file)).expect("a source file");
        let (code, test_modules) = without_tests(&code_only(&text));
        for m in test_modules {
            test_dirs.push(child_dir(file).join(&m));
        }
        read.push((file.clone(), code));
    }
    let mut out = Vec::new();
    for (file, code) in read {
        let in_tests = test_dirs
            .iter()
            .any(|t| file.starts_with(t) || file == t.with_extension("rs"));
        if in_tests {
            continue;
        }
        let shown = format!("src/{}", file.display());
        match room_of_file(&file.to_string_lossy()) {
            Some(room) => out.extend(offences(&shown, room, &code)),
            None => out.push(format!(
                "{shown}: in no room (place it in tests/it/arch.rs)"
            )),
        }
    }
    out
}

#[test]
fn every_room_uses_only_what_its_rule_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let all = check_tree(&root);
    let is_debt = |o: &String, (file, what, _): &(&str, &str, &str)| {
        o.starts_with(&format!("{file}:")) && o.contains(what)
    };
    let offences: Vec<&String> = all
        .iter()
        .filter(|o| !KNOWN_DEBT.iter().any(|d| is_debt(o, d)))
        .collect();
    assert!(
        offences.is_empty(),
        "{} offences against the architecture (README, Architecture):\n{}",
        offences.len(),
        offences
            .iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    for debt in KNOWN_DEBT {
        assert!(
            all.iter().any(|o| is_debt(o, debt)),
            "paid: {} no longer {} ({}); take it off KNOWN_DEBT",
            debt.0,
            debt.1,
            debt.2
        );
    }
}

/// The checker itself, on snippets: what it must find, and what it must not read.
#[test]
fn the_checker_finds_what_is_forbidden_and_skips_comments_strings_and_tests() {
    let cases: &[(Room, &str, &[&str])] = &[
        (Room::Core, "use crate::ledger::Ledger;", &["room core may not use room ledger (crate::ledger)"]),
        (Room::Core, "use crate::{event::Stored, store::Store};", &["room core may not use room store (crate::store)"]),
        (Room::Core, "let x = crate::cli::run();", &["room core may not use room cli (crate::cli)"]),
        (Room::Event, "use crate::projection::View;", &["room event may not use room core"]),
        (Room::Value, "use crate::event::Hash32;", &["room value may not use room event"]),
        (Room::Ledger, "let db: sled::Db;", &["room ledger may not use sled"]),
        (Room::Ledger, "use crate::cli::Failure;", &["room ledger may not use room cli"]),
        (Room::Core, "println!(\"x\");", &["room core may not use stdout (println!)"]),
        (Room::Store, "let t = Utc::now();", &["room store may not use the wall clock (Utc::now)"]),
        (Room::Ledger, "let v = std::env::var(\"X\");", &["room ledger may not use the environment (std::env)", "(env::var)"]),
        (Room::Core, "std::fs::write(p, b);", &["room core may not use files (std::fs)"]),
        (Room::Core, "let t = std::time::Instant::now();", &["room core may not use a clock (Instant::now)"]),
        (Room::Ledger, "fn f() -> ExitCode {}", &["room ledger may not use an exit code"]),
        (Room::Core, "use crate::nowhere::X;", &["crate::nowhere is in no room"]),
        (Room::Edge, "use crate::store::Store; println!(\"{}\", Utc::now());", &[]),
        (Room::Store, "use sled::Db;", &[]),
        (Room::Ledger, "use crate::{event::Stored, projection::fold, store::Head};", &[]),
        // Not code: comments, strings, test items.
        (Room::Core, "// println!(\"x\"); sled::Db and crate::ledger", &[]),
        (Room::Core, "/* crate::ledger /* nested */ sled */ let a = 1;", &[]),
        (Room::Core, "let s = \"println!(crate::ledger::X) sled\";", &[]),
        (Room::Core, "let s = r#\"a \"quoted\" crate::store sled\"#;", &[]),
        (Room::Core, "let c = '\"'; let d = 'x'; fn f<'a>(x: &'a str) {}", &[]),
        (Room::Core, "let b = b\"sled\"; let c = br#\"crate::store\"#; let d = b'\\'';", &[]),
        (Room::Core, "#[cfg(test)]\nmod tests {\n    use crate::ledger::Ledger;\n    fn f() { println!(); }\n}", &[]),
        (Room::Core, "#[cfg(test)]\nuse crate::ledger::Ledger;\nuse crate::store::Store;", &["src/x.rs:3: room core may not use room store"]),
        (Room::Core, "let resled = 1; let is_sled = 2; fn fprintln() {}", &[]),
    ];
    for (room, source, expected) in cases {
        let (code, _) = without_tests(&code_only(source));
        let found = offences("src/x.rs", *room, &code);
        assert_eq!(found.len(), expected.len(), "{source:?}: {found:#?}");
        for (want, got) in expected.iter().zip(&found) {
            assert!(got.contains(want), "{source:?}: {got:?} lacks {want:?}");
        }
    }
    let (_, modules) = without_tests(&code_only(
        "#[cfg(test)]\nmod tests;\n#[cfg(test)]\npub(crate) mod sample;",
    ));
    assert_eq!(modules, ["tests", "sample"]);
}

/// Every top-level module `lib.rs` declares has a room.
#[test]
fn every_module_of_the_library_is_placed() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    let modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("pub mod ")
                .or_else(|| l.trim().strip_prefix("mod "))
        })
        .map(|m| m.trim_end_matches(';'))
        .collect();
    assert!(modules.len() > 10, "{modules:?}");
    for m in modules {
        assert!(room_of_module(m).is_some(), "module {m} is in no room");
    }
    assert!(
        !lib.contains("mod bench"),
        "the bench belongs to the command line"
    );
}
