//! Identifiers: project ids, goal and indicator ids, actors, and import keys. Stored ids are
//! read with the lax `check_id`; new ones are admitted by `admit_id`, which also normalises
//! them (NFC) and refuses characters that make two ids print alike or that reports, shells
//! and file names would interpret.

use serde::{Deserialize, Deserializer, Serialize};
use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::i18n::Msg;

pub const MAX_ID_CHARS: usize = 64;
pub const MAX_ACTOR_CHARS: usize = 128;

/// `what` is the id's kind (`project id`, `id`, `actor`, `import key`), `why` the rule it
/// breaks, in English as the library prints it (`why-*` in rules.ftl and main.ftl); the
/// command line shows it in the users' language (`i18n::translate`, templates `id-*`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {value:?} is not valid: {why}")]
pub struct IdError {
    pub what: &'static str,
    pub value: String,
    pub why: String,
}

impl IdError {
    fn new(what: &'static str, value: &str, why: Msg) -> IdError {
        IdError {
            what,
            value: value.to_string(),
            why: why.english(),
        }
    }
}

/// Ids go into index keys and terminals: no whitespace, no control characters, no NUL.
pub fn check_id(what: &'static str, value: &str, max_chars: usize) -> Result<(), IdError> {
    if value.is_empty() {
        return Err(IdError::new(what, value, Msg::new("why-empty")));
    }
    let count = value.chars().count();
    if count > max_chars {
        let why = Msg::new("why-too-long")
            .arg("count", count)
            .arg("max", max_chars);
        return Err(IdError::new(what, value, why));
    }
    let lax = |c: &char| c.is_control() || (c.is_whitespace() && what != "actor");
    if let Some(c) = value.chars().find(lax) {
        let class = match c.is_control() {
            true => CharClass::Control,
            false => CharClass::Whitespace,
        };
        return Err(IdError::new(what, value, class.why(c)));
    }
    Ok(())
}

/// `U+200B`: how a message names a character that may not print.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Why a character may not stand in an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    Control,
    Whitespace,
    /// Zero-width and other characters that print as nothing (U+200B, U+FEFF, U+00AD, …).
    Invisible,
    /// Bidirectional controls, which reorder what is shown (U+202E, U+2066, …).
    Bidi,
    /// `<` `>` `&`, which reports would read as markup.
    Markup,
    Quote,
    /// `/` and `\`, which make an id a path.
    Path,
}

impl CharClass {
    /// The reason an id with `c` is refused, naming its code point (`why-char-*`).
    pub fn why(self, c: char) -> Msg {
        let msg = match self {
            CharClass::Control => Msg::new("why-char-control"),
            CharClass::Whitespace => Msg::new("why-char-whitespace"),
            CharClass::Invisible => Msg::new("why-char-invisible"),
            CharClass::Bidi => Msg::new("why-char-bidi"),
            CharClass::Markup => Msg::new("why-char-markup"),
            CharClass::Quote => Msg::new("why-char-quote"),
            CharClass::Path => Msg::new("why-char-path"),
        };
        msg.arg("char", code_point(c))
    }
}

/// Why a character may not stand in a new id, or None if it may: the lax rules of
/// `check_id`, and invisible characters, bidirectional controls, `<` `>` `&` (markup),
/// quotes and path separators.
pub fn forbidden_in_id(c: char) -> Option<CharClass> {
    let u = u32::from(c);
    let invisible = matches!(u,
        0x00AD | 0x034F | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180F | 0x200B..=0x200D
        | 0x2060..=0x2064 | 0x206A..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0
        | 0xE0000..=0xE0FFF);
    let bidi = matches!(u, 0x061C | 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069);
    Some(match c {
        _ if c.is_control() => CharClass::Control,
        _ if bidi => CharClass::Bidi,
        _ if invisible => CharClass::Invisible,
        _ if c.is_whitespace() => CharClass::Whitespace,
        '<' | '>' | '&' => CharClass::Markup,
        '"' | '\'' | '`' | '\u{201C}' | '\u{201D}' | '\u{2018}' | '\u{2019}' => CharClass::Quote,
        '/' | '\\' => CharClass::Path,
        _ => return None,
    })
}

/// A new project, goal or indicator id as it is stored: NFC-normalised (so `café` typed
/// either way names one project), then held to `forbidden_in_id`. The error names the
/// character by its code point.
pub fn admit_id(what: &'static str, value: &str) -> Result<String, IdError> {
    Ok(match admitted_form(what, value)? {
        Some(id) => id,
        None => value.to_string(),
    })
}

/// `admit_id` without a copy when `value` is already as stored: None then, else the NFC
/// form (the hot path of every append, where ids are mostly ASCII and already NFC).
pub fn admitted_form(what: &'static str, value: &str) -> Result<Option<String>, IdError> {
    match plain_ascii_id(value) {
        true => Ok(None),
        false => admitted_form_general(what, value),
    }
}

/// `admitted_form` character by character.
fn admitted_form_general(what: &'static str, value: &str) -> Result<Option<String>, IdError> {
    let nfc = match value.is_ascii() || is_nfc(value) {
        true => None,
        false => Some(value.nfc().collect::<String>()),
    };
    let id = nfc.as_deref().unwrap_or(value);
    check_id(what, id, MAX_ID_CHARS)?;
    if let Some((c, class)) = id.chars().find_map(|c| forbidden_in_id(c).map(|k| (c, k))) {
        return Err(IdError::new(what, id, class.why(c)));
    }
    Ok(nfc)
}

/// Printable ASCII without the characters `forbidden_in_id` refuses (`<`, `>`, `&`, quotes, `/`, `\`),
/// 1 to `MAX_ID_CHARS` of them: NFC already, and through every check of `admitted_form`,
/// which then has nothing to look at character by character.
fn plain_ascii_id(value: &str) -> bool {
    (1..=MAX_ID_CHARS).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"<>&\"'`/\\".contains(&b))
}

/// An id as a query names it (`state café`): NFC, as `admit_id` stored it.
pub fn query_form(value: &str) -> String {
    value.nfc().collect()
}

/// Limit on an import key (`id` of an import line).
pub const MAX_KEY_CHARS: usize = 128;

/// An import key: 1 to `MAX_KEY_CHARS` characters, none of them whitespace, control,
/// invisible, bidirectional, quote or backslash (so the key prints and stores as written).
pub fn check_key(value: &str) -> Result<(), IdError> {
    check_id("import key", value, MAX_KEY_CHARS)?;
    let bad = value.chars().find_map(|c| match forbidden_in_id(c) {
        Some(CharClass::Markup) | None => None,
        Some(_) if c == '/' => None,
        Some(class) => Some((c, class)),
    });
    match bad {
        Some((c, class)) => Err(IdError::new("import key", value, class.why(c))),
        None => Ok(()),
    }
}

/// A project's stable id (e.g. `zj-scjg-2023-ip`); every event names one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ProjectId(String);

impl ProjectId {
    pub fn new(value: &str) -> Result<ProjectId, IdError> {
        check_id("project id", value, MAX_ID_CHARS)?;
        Ok(ProjectId(value.to_string()))
    }

    /// The id as `admit_id` stores it: itself when it already is (no copy).
    pub fn admitted(self) -> Result<ProjectId, IdError> {
        match admitted_form("project id", &self.0)? {
            Some(nfc) => Ok(ProjectId(nfc)),
            None => Ok(self),
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ProjectId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ProjectId, D::Error> {
        let text = String::deserialize(d)?;
        ProjectId::new(&text).map_err(serde::de::Error::custom)
    }
}

/// A goal or indicator id, unique within its project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ItemId(String);

impl ItemId {
    pub fn new(value: &str) -> Result<ItemId, IdError> {
        check_id("id", value, MAX_ID_CHARS)?;
        Ok(ItemId(value.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ItemId {
    /// The id as `admit_id` stores it (NFC, no forbidden character).
    pub fn admitted(&self) -> Result<ItemId, IdError> {
        match admitted_form("id", &self.0)? {
            Some(nfc) => Ok(ItemId(nfc)),
            None => Ok(self.clone()),
        }
    }
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ItemId, D::Error> {
        let text = String::deserialize(d)?;
        ItemId::new(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII shortcut takes exactly the ids the character-by-character reading keeps
    /// as they are: every ASCII character in an id, and the length limits.
    #[test]
    fn the_ascii_shortcut_agrees_with_the_full_reading() {
        let mut ids: Vec<String> = (0u8..128).map(|b| format!("p{}q", b as char)).collect();
        ids.extend([
            "".into(),
            "x".repeat(MAX_ID_CHARS),
            "x".repeat(MAX_ID_CHARS + 1),
        ]);
        ids.extend(["zj-scjg-2023-ip".into(), "café".into(), "项目".into()]);
        for id in ids {
            let kept = matches!(admitted_form_general("project id", &id), Ok(None));
            assert_eq!(plain_ascii_id(&id), kept && id.is_ascii(), "{id:?}");
            assert_eq!(
                admitted_form("project id", &id).ok(),
                admitted_form_general("project id", &id).ok(),
                "{id:?}"
            );
        }
    }
}
