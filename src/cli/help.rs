//! `--help` in the user's language: every command's and option's help text comes from the
//! Fluent files (`help-<command path>` for a command, `help-<command path>--<option>` for an
//! option), applied to clap's command tree before it parses; a test checks every command and
//! option has a text in both languages.

use clap::{Arg, Command};

use crate::i18n::{text, Lang, Msg};

/// The shape of one import line, as `import --help` gives it (`schemas/import-line.json`).
pub const IMPORT_SHAPE: &str = r#"{"type", "project", "effective", "data", "actor"?, "id"?}"#;

/// An import line as `import --help` shows it (a test imports it).
pub const IMPORT_EXAMPLE: &str = r#"{"type":"funds.disbursed","project":"zj-2024-ip","effective":"2024-04-26","data":{"amount":"1.08万元","purpose":"宣传周活动","voucher":"记-0001"},"id":"bank-2024-0001"}"#;

/// What a command's help says after its options, where its input needs describing: one
/// import line for `import`.
fn details(path: &[String]) -> Option<Msg> {
    match path {
        [command] if command == "import" => Some(
            Msg::new("help-import-details")
                .arg("shape", IMPORT_SHAPE)
                .arg("example", IMPORT_EXAMPLE),
        ),
        _ => None,
    }
}

/// The message id of a command's help (`help`, `help-budget-allocate`).
fn command_key(path: &[String]) -> String {
    std::iter::once("help".to_string())
        .chain(path.iter().cloned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The message id of an option's help (`help-spend--amount`).
fn arg_key(path: &[String], arg: &str) -> String {
    format!("{}--{}", command_key(path), arg.replace('_', "-"))
}

/// Applies the language's help texts to `cmd` and its subcommands; texts a language lacks
/// stay as written in the source (a test forbids that for shipped commands).
#[must_use]
pub fn localise(cmd: Command, lang: Lang) -> Command {
    walk(cmd, &[], lang)
}

fn walk(mut cmd: Command, path: &[String], lang: Lang) -> Command {
    if let Some(about) = text(lang, &command_key(path)) {
        cmd = cmd.about(about);
    }
    if let Some(details) = details(path) {
        cmd = cmd.after_help(details.render(lang));
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = text(lang, &arg_key(path, &id));
        cmd = cmd.mut_arg(id.as_str(), |a| {
            let a = match help {
                Some(help) => a.help(help),
                None => a,
            };
            default_in(a, lang)
        });
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in subs {
        let mut sub_path = path.to_vec();
        sub_path.push(name.clone());
        cmd = cmd.mut_subcommand(name.as_str(), |s| walk(s, &sub_path, lang));
    }
    cmd
}

/// An option's default as the rest of the help writes it (`[默认：md]`, `[default: md]`),
/// in place of clap's own `[default: md]`, which is English whatever the language.
fn default_in(arg: Arg, lang: Lang) -> Arg {
    let defaults = arg.get_default_values();
    if defaults.is_empty() || arg.is_hide_default_value_set() || !arg.get_action().takes_values() {
        return arg;
    }
    let value: Vec<String> = defaults
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let shown = Msg::new("help-shows-default")
        .arg("value", value.join(","))
        .render(lang);
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    arg.help(format!("{help} {shown}")).hide_default_value(true)
}

/// Every (message id, text as written in the source) the command tree needs: one per command
/// and per option, skipping clap's own `help` and `version`.
#[must_use]
pub fn keys(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(cmd, &[], &mut out);
    out
}

fn collect(cmd: &Command, path: &[String], out: &mut Vec<(String, String)>) {
    let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
    out.push((command_key(path), about));
    for a in cmd.get_arguments() {
        let id = a.get_id().as_str();
        if id == "help" || id == "version" || (a.is_global_set() && !path.is_empty()) {
            continue;
        }
        let help = a.get_help().map(ToString::to_string).unwrap_or_default();
        out.push((arg_key(path, id), help));
    }
    for s in cmd.get_subcommands() {
        if s.get_name() == "help" {
            continue;
        }
        let mut sub_path = path.to_vec();
        sub_path.push(s.get_name().to_string());
        collect(s, &sub_path, out);
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// `JIXIAO_HELP_DUMP=1 cargo test --lib help_dump -- --nocapture` prints the ids a new
    /// command or option needs, with the source's text, to paste into the .ftl files.
    #[test]
    fn every_command_and_option_has_help_in_both_languages() {
        let cmd = crate::cli::Cli::command();
        let keys = keys(&cmd);
        if std::env::var_os("JIXIAO_HELP_DUMP").is_some() {
            for (k, v) in &keys {
                println!("{k} = {v}");
            }
        }
        let missing: Vec<String> = keys
            .iter()
            .flat_map(|(k, _)| [(Lang::Zh, k), (Lang::English, k)])
            .filter(|(lang, k)| text(*lang, k).is_none_or(|t| t.trim().is_empty()))
            .map(|(lang, k)| format!("{lang:?} {k}"))
            .collect();
        assert!(missing.is_empty(), "help texts missing: {missing:#?}");
    }
}
