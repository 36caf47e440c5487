//! Which language the command line speaks, and parsing the arguments in it: `--lang zh|en`,
//! else `JIXIAO_LANG`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`: `en…` is English),
//! else Chinese. In Chinese, clap's own words are Chinese too: the help layout (用法, 参数,
//! 选项, 命令, the help and version flags) and its errors ("未知选项 --xyz", "缺少参数
//! <AMOUNT>"); in English they are clap's.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, FromArgMatches};

use super::Cli;
use crate::i18n::{Lang, Msg};

/// The language asked for: `--lang` among `args` (before a `--`), else the variables read
/// through `var` (`JIXIAO_LANG`, then the first locale variable set), else Chinese.
pub fn detect(args: &[OsString], var: &dyn Fn(&str) -> Option<String>) -> Lang {
    lang_option(args)
        .or_else(|| var("JIXIAO_LANG").and_then(|v| Lang::from_tag(&v)))
        .or_else(|| {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|name| var(name).filter(|v| !v.is_empty()))
                .map(|locale| match Lang::from_tag(&locale) {
                    Some(Lang::English) => Lang::English,
                    _ => Lang::Zh,
                })
        })
        .unwrap_or_default()
}

fn lang_option(args: &[OsString]) -> Option<Lang> {
    let mut iter = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = iter.next() {
        if arg == "--" {
            return None;
        }
        if arg == "--lang" {
            return iter.next().and_then(|v| Lang::from_tag(&v));
        }
        if let Some(v) = arg.strip_prefix("--lang=") {
            return Lang::from_tag(v);
        }
    }
    None
}

/// The command tree in `lang`: help texts (`help::localise`) and, in Chinese, clap's words.
#[must_use]
pub fn command(lang: Lang) -> Command {
    let cmd = super::help::localise(Cli::command(), lang);
    match lang {
        Lang::English => cmd,
        Lang::Zh => chinese_chrome(cmd, true),
    }
}

/// The arguments of this process, parsed in the language they ask for. Help, version and
/// usage errors are printed here and end the process (exit 0 for help, 2 for an error).
#[must_use]
pub fn parse() -> (Cli, Lang) {
    let args: Vec<OsString> = std::env::args_os().collect();
    let lang = detect(&args, &|name| std::env::var(name).ok());
    match parse_from(&args, lang) {
        Ok(cli) => (cli, lang),
        Err(e) => exit_with(&e, lang),
    }
}

/// `args` (with the program name first) parsed by the command tree in `lang`.
///
/// # Errors
/// clap's error (unknown option, missing argument, or help asked for).
pub fn parse_from(args: &[OsString], lang: Lang) -> Result<Cli, clap::Error> {
    let mut cmd = command(lang);
    let args = match lang {
        Lang::Zh => help_subcommand_as_flag(args),
        Lang::English => args.to_vec(),
    };
    let matches = cmd.try_get_matches_from_mut(args).map_err(tidy_usage)?;
    Cli::from_arg_matches(&matches).map_err(|e| tidy_usage(e.with_cmd(&cmd)))
}

/// The global options every command takes with a default (`--ledger`, `--actor`, `--lang`),
/// as clap writes them in a usage line.
const DEFAULTED_GLOBALS: [&str; 3] = [" --ledger <LEDGER>", " --actor <ACTOR>", " --lang <LANG>"];

/// An error's usage line without the defaulted globals: clap adds the options it saw (from
/// `JIXIAO_LEDGER`, say) to the usage, which then reads as if they were required.
fn tidy_usage(mut e: clap::Error) -> clap::Error {
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let text = usage.to_string();
        let tidy = DEFAULTED_GLOBALS
            .iter()
            .fold(text.clone(), |t, global| t.replace(global, ""));
        if tidy != text {
            e.insert(ContextKind::Usage, ContextValue::StyledStr(tidy.into()));
        }
    }
    e
}

/// `jixiao help budget allocate` → `jixiao budget allocate --help`: the Chinese layout
/// replaces clap's `help` subcommand (whose own text clap keeps in English) by the flag.
fn help_subcommand_as_flag(args: &[OsString]) -> Vec<OsString> {
    let mut i = 1;
    while let Some(a) = args.get(i).map(|a| a.to_string_lossy()) {
        match a.as_ref() {
            "--ledger" | "--actor" | "--lang" => i += 2,
            flag if flag.starts_with('-') => i += 1,
            _ => break,
        }
    }
    match args.get(i) {
        Some(word) if word == "help" => {
            let mut out: Vec<OsString> = args[..i].to_vec();
            out.extend(args[i + 1..].iter().cloned());
            out.push("--help".into());
            out
        }
        _ => args.to_vec(),
    }
}

fn exit_with(e: &clap::Error, lang: Lang) -> ! {
    let code = e.exit_code();
    match (lang, is_error(e)) {
        (Lang::Zh, true) => eprintln!("{}", render_error(e, lang)),
        _ => {
            let _ = e.print();
        }
    }
    std::process::exit(code)
}

fn is_error(e: &clap::Error) -> bool {
    !matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    )
}

/// clap's help layout in Chinese, on `cmd` and every subcommand.
fn chinese_chrome(mut cmd: Command, root: bool) -> Command {
    cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            heading("clap-usage-heading")
        ))
        .subcommand_help_heading(static_heading("clap-heading-commands"))
        .subcommand_value_name(static_heading("clap-value-command"))
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(heading("clap-help-flag")),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(heading("clap-version-flag")),
        );
    }
    let ids: Vec<(String, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().to_string(), a.is_positional()))
        .collect();
    // Under a heading of its own clap sorts arguments by display order, then name: their
    // position (the order they are declared in) keeps them as the usage line gives them.
    let mut position = 0;
    for (id, positional) in ids {
        cmd = cmd.mut_arg(id.as_str(), |a| match positional {
            true => {
                position += 1;
                a.help_heading(static_heading("clap-heading-arguments"))
                    .display_order(position)
            }
            false => a.help_heading(static_heading("clap-heading-options")),
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        cmd = cmd.mut_subcommand(name.as_str(), |s| chinese_chrome(s, false));
    }
    cmd
}

fn heading(key: &str) -> String {
    crate::i18n::text(Lang::Zh, key).unwrap_or_else(|| key.to_string())
}

/// `heading` for clap settings that keep `&'static str` (without clap's `string` feature):
/// each text is leaked once and reused, a few bytes per heading for the process.
fn static_heading(key: &'static str) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static str>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    cache
        .entry(key)
        .or_insert_with(|| Box::leak(heading(key).into_boxed_str()))
}

/// A clap error in `lang`: what went wrong, clap's suggestion, the usage and where to look.
#[must_use]
pub fn render_error(e: &clap::Error, lang: Lang) -> String {
    if lang == Lang::English {
        return e.render().to_string();
    }
    let what = error_msg(e).render(lang);
    let mut out = Msg::new("clap-error").arg("message", what).render(lang);
    let suggestion = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .find_map(|k| e.get(k).map(value_text));
    if let Some(s) = suggestion {
        out.push_str(
            &Msg::new("clap-did-you-mean")
                .arg("suggestion", s)
                .render(lang),
        );
    }
    if let Some(usage) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.trim().trim_start_matches("Usage:").trim();
        out.push_str("\n\n");
        out.push_str(&Msg::new("clap-usage").arg("usage", usage).render(lang));
    }
    out.push_str("\n\n");
    out.push_str(&Msg::new("clap-try-help").render(lang));
    out
}

fn value_text(v: &ContextValue) -> String {
    match v {
        ContextValue::Strings(list) => list.join("、"),
        other => other.to_string(),
    }
}

/// What went wrong, from the error's kind and context.
fn error_msg(e: &clap::Error) -> Msg {
    let get = |k: ContextKind| e.get(k).map(value_text).unwrap_or_default();
    let arg = get(ContextKind::InvalidArg);
    let value = get(ContextKind::InvalidValue);
    match e.kind() {
        ErrorKind::UnknownArgument => Msg::new("clap-unknown-argument").arg("arg", arg),
        ErrorKind::InvalidSubcommand => {
            Msg::new("clap-unknown-command").arg("command", get(ContextKind::InvalidSubcommand))
        }
        ErrorKind::MissingRequiredArgument => Msg::new("clap-missing-argument").arg("arg", arg),
        ErrorKind::MissingSubcommand => {
            Msg::new("clap-missing-command").arg("valid", get(ContextKind::ValidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            Msg::new("clap-missing-value").arg("arg", arg)
        }
        ErrorKind::InvalidValue => Msg::new("clap-invalid-value")
            .arg("arg", arg)
            .arg("value", value)
            .arg("valid", get(ContextKind::ValidValue)),
        ErrorKind::ValueValidation => Msg::new("clap-value-validation")
            .arg("arg", arg)
            .arg("value", value)
            .arg_msg("message", validation_reason(e)),
        ErrorKind::TooManyValues => Msg::new("clap-too-many-values")
            .arg("arg", arg)
            .arg("value", value),
        ErrorKind::ArgumentConflict => Msg::new("clap-conflict")
            .arg("arg", arg)
            .arg("prior", get(ContextKind::PriorArg)),
        ErrorKind::InvalidUtf8 => Msg::new("clap-invalid-utf8"),
        _ => Msg::raw(e.kind()),
    }
}

/// Why a value failed its parser: the only typed options are counts and seqs.
fn validation_reason(e: &clap::Error) -> Msg {
    use std::error::Error as _;
    match e.source().map(ToString::to_string) {
        Some(s) if s.contains("invalid digit") || s.contains("empty string") => {
            Msg::new("clap-not-a-count")
        }
        Some(s) if s.contains("too large") => Msg::new("clap-count-too-large"),
        Some(s) => Msg::from(s),
        None => Msg::raw(""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("jixiao")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_language_comes_from_the_option_the_variable_or_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        type Vars = &'static [(&'static str, &'static str)];
        let cases: &[(&[&str], Vars, Lang)] = &[
            (&["log"], &[], Lang::Zh),
            (&["--lang", "en", "log"], &[], Lang::English),
            (
                &["log", "--lang=en"],
                &[("JIXIAO_LANG", "zh")],
                Lang::English,
            ),
            (&["--lang", "zh"], &[("JIXIAO_LANG", "en")], Lang::Zh),
            (&["log"], &[("JIXIAO_LANG", "en")], Lang::English),
            (&["log"], &[("LANG", "en_US.UTF-8")], Lang::English),
            (&["log"], &[("LANG", "zh_CN.UTF-8")], Lang::Zh),
            (&["log"], &[("LANG", "C")], Lang::Zh),
            (
                &["log"],
                &[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US")],
                Lang::Zh,
            ),
            (
                &["log"],
                &[("LC_MESSAGES", "en_GB"), ("LANG", "zh_CN")],
                Lang::English,
            ),
            (&["--", "--lang", "en"], &[], Lang::Zh),
        ];
        for (argv, vars, want) in cases {
            let var = env(vars);
            assert_eq!(detect(&args(argv), &var), *want, "{argv:?} {vars:?}");
        }
    }

    /// Table: arguments in, the Chinese and English error text out.
    #[test]
    fn clap_errors_in_both_languages() {
        let cases: &[(&[&str], &[&str], &[&str])] = &[
            (
                &["spend", "p", "--xyz"],
                &["未知选项 --xyz", "用法", "--help"],
                &["unexpected argument '--xyz'"],
            ),
            (
                &["spend", "p"],
                &["缺少参数", "<AMOUNT>", "--purpose"],
                &["required arguments were not provided", "<AMOUNT>"],
            ),
            (
                &["spnd"],
                &["未知命令 spnd", "spend"],
                &["unrecognized subcommand"],
            ),
            (
                &["show", "abc"],
                &["<SEQ>", "abc", "不是非负整数"],
                &["invalid value 'abc'"],
            ),
            (
                &["--lang", "fr", "log"],
                &["--lang", "fr", "zh、en"],
                &["invalid value 'fr'"],
            ),
        ];
        for (argv, zh, en) in cases {
            for (lang, needles) in [(Lang::Zh, zh), (Lang::English, en)] {
                let e = parse_from(&args(argv), lang).expect_err("an error");
                let text = render_error(&e, lang);
                for n in *needles {
                    assert!(text.contains(n), "{argv:?} {lang:?}: {text}");
                }
            }
        }
    }

    #[test]
    fn chinese_help_uses_chinese_headings() {
        let mut cmd = command(Lang::Zh);
        let help = cmd
            .find_subcommand_mut("spend")
            .expect("spend")
            .render_help()
            .to_string();
        for needle in ["用法：", "参数", "选项", "显示帮助", "用途"] {
            assert!(help.contains(needle), "{needle}: {help}");
        }
        assert!(
            !help.contains("Usage") && !help.contains("Options"),
            "{help}"
        );
        let root = command(Lang::Zh).render_help().to_string();
        assert!(root.contains("命令") && root.contains("显示版本"), "{root}");
    }
}
