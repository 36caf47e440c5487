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

/// The Fluent sources of one language: one file per area (`main`, `help`, `rules`, `cli`)
/// so that areas can grow without touching each other.
macro_rules! sources {
    ($lang:literal) => {
        [
            include_str!(concat!($lang, "/main.ftl")),
            include_str!(concat!($lang, "/help.ftl")),
            include_str!(concat!($lang, "/rules.ftl")),
            include_str!(concat!($lang, "/cli.ftl")),
        ]
    };
}

/// Every Fluent source per language, for the bundles and for tests that compare the two
/// languages' message ids.
pub const SOURCES: [(Lang, [&str; 4]); 2] = [
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
    pub args: Vec<(&'static str, String)>,
}

impl Msg {
    #[must_use]
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a named argument (`{ $name }` in the .ftl files).
    #[must_use]
    pub fn arg(mut self, name: &'static str, value: impl fmt::Display) -> Msg {
        self.args.push((name, value.to_string()));
        self
    }

    /// The message in `lang`; the id itself when a language lacks it (a test forbids that).
    #[must_use]
    pub fn render(&self, lang: Lang) -> String {
        let args: FluentArgs = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        format_in(lang, self.key, Some(&args)).unwrap_or_else(|| self.key.to_string())
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
        let ids = |sources: [&str; 4]| -> Vec<String> {
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
}
