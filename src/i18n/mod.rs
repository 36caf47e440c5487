//! Messages in the users' language: Chinese first (`zh-CN.ftl`), English on request (`en.ftl`),
//! both Project Fluent files compiled into the binary. Pure: the caller chooses the language
//! (the CLI reads `--lang` and the locale); nothing here reads the environment.
//!
//! Fluent (Mozilla's localisation system, `fluent-bundle`) rather than hand-rolled tables:
//! named arguments, plural and select rules per language, and a file format translators know.

use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};

pub mod findings;
pub mod names;
pub mod translate;

/// A language jixiao speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文 (the default).
    #[default]
    Zh,
    English,
}

impl Lang {
    /// `zh`, `zh-CN`, `zh_CN.UTF-8` → Chinese; `en`, `en_US.UTF-8`, `C` → English; None otherwise.
    #[must_use]
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::English)
        } else {
            None
        }
    }
}

/// The Fluent sources of one language: one file per area (`main`, `help`, `rules`, `cli`,
/// `findings`: audit findings, `trust`: keys, checkpoints, proofs and witnesses, their help
/// texts included)
/// so that areas can grow without touching each other.
macro_rules! sources {
    ($lang:literal) => {
        [
            include_str!(concat!($lang, "/main.ftl")),
            include_str!(concat!($lang, "/help.ftl")),
            include_str!(concat!($lang, "/rules.ftl")),
            include_str!(concat!($lang, "/cli.ftl")),
            include_str!(concat!($lang, "/findings.ftl")),
            include_str!(concat!($lang, "/trust.ftl")),
        ]
    };
}

/// Every Fluent source per language, for the bundles and for tests that compare the two
/// languages' message ids.
pub const SOURCES: [(Lang, [&str; 6]); 2] = [
    (Lang::Zh, sources!("zh-CN")),
    (Lang::English, sources!("en")),
];

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static ZH: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let (cell, tag, sources) = match lang {
        Lang::Zh => (&ZH, "zh-CN", SOURCES[0].1),
        Lang::English => (&EN, "en", SOURCES[1].1),
    };
    cell.get_or_init(|| {
        let id = tag.parse().expect("invariant: a valid language tag");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks: terminals and CSV cells would show them.
        bundle.set_use_isolating(false);
        for source in sources {
            let resource = FluentResource::try_new(source.to_string())
                .expect("invariant: the shipped .ftl files parse (tested)");
            bundle
                .add_resource(resource)
                .expect("invariant: message ids are unique (tested)");
        }
        bundle
    })
}

/// A message: its Fluent id and named arguments, rendered in a language when shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A message argument: text as given, or a message rendered in the same language as the
/// message around it (a rule's message inside "line 3, field data.amount: …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Msg(Msg),
    /// Messages joined by the language's list separator (`；` or `; `).
    List(Vec<Msg>),
}

/// The id of a message whose whole text is given (`raw = { $text }`): text from outside
/// jixiao (an operating-system error) or a library message no translation knows yet.
pub const RAW: &str = "raw";

impl Msg {
    #[must_use]
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    /// Text shown as it is, in every language (`raw`).
    #[must_use]
    pub fn raw(text: impl fmt::Display) -> Msg {
        Msg::new(RAW).arg("text", text)
    }

    /// Adds a named argument (`{ $name }` in the .ftl files).
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        self.args.push((name, Arg::Text(value.to_string())));
        self
    }

    /// Adds a message as a named argument, rendered in the language of the whole.
    #[must_use]
    pub fn arg_msg(mut self, name: &'static str, value: Msg) -> Msg {
        self.args.push((name, Arg::Msg(value)));
        self
    }

    /// Adds messages as one named argument, joined by the language's list separator.
    #[must_use]
    pub fn arg_list(mut self, name: &'static str, values: Vec<Msg>) -> Msg {
        self.args.push((name, Arg::List(values)));
        self
    }

    /// The text of a named argument, if it was given as text.
    #[must_use]
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        self.args.iter().find_map(|(k, v)| match v {
            Arg::Text(t) if *k == name => Some(t.as_str()),
            _ => None,
        })
    }

    /// The message in `lang`; the id itself when a language lacks it (a test forbids that).
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let rendered: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(k, v)| match v {
                Arg::Text(t) => (*k, t.clone()),
                Arg::Msg(m) => (*k, m.render(lang)),
                Arg::List(list) => {
                    let sep = match lang {
                        Lang::Zh => "；",
                        Lang::English => "; ",
                    };
                    let parts: Vec<String> = list.iter().map(|m| m.render(lang)).collect();
                    (*k, parts.join(sep))
                }
            })
            .collect();
        let args: FluentArgs = rendered.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format_in(lang, self.key, Some(&args)).unwrap_or_else(|| self.key.to_string())
    }

    /// English, as the library's errors print themselves (`Display` of an error type).
    #[must_use]
    pub fn english(&self) -> String {
        self.render(Lang::English)
    }
}

/// Library text in English (serde's, or an error's `Display`), in the users' language where a
/// translation knows its form (`translate::from_english`), else as it is.
impl From<String> for Msg {
    fn from(text: String) -> Msg {
        translate::from_english(&text)
    }
}

impl From<&str> for Msg {
    fn from(text: &str) -> Msg {
        translate::from_english(text)
    }
}

/// Chinese, the default language.
impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Zh))
    }
}

/// A message without arguments in `lang`, or None when `key` is not a message id.
#[must_use]
pub fn text(lang: Lang, key: &str) -> Option<String> {
    format_in(lang, key, None)
}

fn format_in(lang: Lang, key: &str, args: Option<&FluentArgs>) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(key)?.value()?;
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned(),
    )
}

/// Every message id in a Fluent source, in file order.
///
/// # Panics
/// When the source does not parse (the shipped files are tested).
#[must_use]
pub fn message_ids(source: &str) -> Vec<String> {
    let resource = FluentResource::try_new(source.to_string())
        .unwrap_or_else(|(_, errors)| panic!("a .ftl file does not parse: {errors:?}"));
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_exists_in_both_languages() {
        let ids = |sources: [&str; 6]| -> Vec<String> {
            sources.iter().flat_map(|s| message_ids(s)).collect()
        };
        let zh = ids(SOURCES[0].1);
        let en = ids(SOURCES[1].1);
        let missing_en: Vec<&String> = zh.iter().filter(|k| !en.contains(k)).collect();
        let missing_zh: Vec<&String> = en.iter().filter(|k| !zh.contains(k)).collect();
        assert!(missing_en.is_empty(), "no English for {missing_en:?}");
        assert!(missing_zh.is_empty(), "no Chinese for {missing_zh:?}");
        let mut sorted = zh.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), zh.len(), "a message id is defined twice");
    }

    #[test]
    fn arguments_are_filled_in_without_isolation_marks() {
        let m = Msg::new("lang-test").arg("value", "200");
        assert_eq!(m.render(Lang::Zh), "测试 200");
        assert_eq!(m.render(Lang::English), "test 200");
        assert_eq!(m.to_string(), "测试 200");
    }

    /// Every message id the code names (`Msg::new("…")` in src/, outside this module) exists
    /// in both languages, and the code names ids only as literals, so that this finds them all.
    #[test]
    fn every_message_the_code_uses_exists_in_both_languages() {
        fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("src is readable") {
                let path = entry.expect("a directory entry").path();
                if path.is_dir() && !path.ends_with("i18n") {
                    sources(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("a source file");
                    out.push((path.display().to_string(), text));
                }
            }
        }
        let mut files = Vec::new();
        sources(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut used = Vec::new();
        for (path, text) in &files {
            for (at, _) in text.match_indices("Msg::new(") {
                let rest = &text[at + "Msg::new(".len()..];
                let key = rest
                    .strip_prefix('"')
                    .and_then(|r| r.split_once('"'))
                    .map(|(k, _)| k.to_string());
                let key = key.unwrap_or_else(|| panic!("{path}: Msg::new without a literal id"));
                used.push((path.clone(), key));
            }
        }
        assert!(used.len() > 100, "{} ids found", used.len());
        let missing: Vec<String> = used
            .iter()
            .flat_map(|(p, k)| [(p, k, Lang::Zh), (p, k, Lang::English)])
            .filter(|(_, k, lang)| format_in(*lang, k, None).is_none())
            .map(|(p, k, lang)| format!("{p}: {k} ({lang:?})"))
            .collect();
        assert!(missing.is_empty(), "message ids missing: {missing:#?}");
    }
}
