//! Issue 11, what a fresh user found in `--help`: arguments listed in the order the usage line
//! gives them, an error's usage line without the options that have defaults, and `import
//! --help` describing one input line.

use super::{project_2024, run, Lang};
use crate::support::command;

/// The `<NAME>`s of the usage line, and of the arguments' list, in order.
fn positionals(help: &str) -> (Vec<String>, Vec<String>) {
    let usage = help
        .lines()
        .find(|l| l.starts_with("用法：") || l.starts_with("Usage: "))
        .expect("a usage line");
    let mut words = usage.split_whitespace().peekable();
    let mut in_usage = Vec::new();
    while let Some(w) = words.next() {
        if w.starts_with("--") {
            words.next(); // the option's value
        } else if w.starts_with('<') {
            in_usage.push(w.to_string());
        }
    }
    let listed = help
        .lines()
        .filter_map(|l| l.strip_prefix("  <"))
        .map(|l| format!("<{}", l.split_whitespace().next().unwrap_or_default()))
        .collect();
    (in_usage, listed)
}

#[test]
fn help_lists_arguments_in_the_usage_lines_order() {
    let jx = project_2024();
    let commands: &[&[&str]] = &[
        &["goal", "set"],
        &["goal", "adjust"],
        &["goal", "withdraw"],
        &["goal", "assess"],
        &["indicator", "define"],
        &["indicator", "adjust-target"],
        &["indicator", "measure"],
        &["indicator", "assess"],
        &["narrative"],
        &["budget", "allocate"],
        &["budget", "adjust"],
        &["funds", "arrive"],
        &["spend"],
    ];
    for path in commands {
        for lang in ["zh", "en"] {
            let mut args = vec!["--lang", lang];
            args.extend_from_slice(path);
            args.push("--help");
            let (code, help, err) = run(&jx, Lang::Default, &args);
            assert_eq!(code, 0, "{err}");
            let (usage, listed) = positionals(&help);
            assert!(usage.len() >= 2, "{path:?}: {help}");
            assert_eq!(usage, listed, "{path:?} ({lang}):\n{help}");
        }
    }
}

/// With the ledger and actor given by the environment (as the README sets them up), a
/// missing argument's usage line does not show them as if they were required.
#[test]
fn an_errors_usage_line_leaves_out_the_options_with_defaults() {
    let jx = project_2024();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["--lang", "zh", "goal", "set", "p"],
            "缺少参数 <ID>、<TEXT>",
            "用法：jixiao goal set <PROJECT> <ID> <TEXT>",
        ),
        (
            &["--lang", "en", "spend", "p", "1万"],
            "--purpose <PURPOSE>",
            "Usage: jixiao spend --purpose <PURPOSE> <PROJECT> <AMOUNT>",
        ),
    ];
    for (args, what, usage) in cases {
        let out = command()
            .env("JIXIAO_LEDGER", jx.path())
            .env("JIXIAO_ACTOR", "zj-scjg/jingban")
            .args(*args)
            .output()
            .expect("run jixiao");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(what), "{err}");
        assert!(err.lines().any(|l| l.trim() == *usage), "{args:?}:\n{err}");
        assert!(
            !err.contains("--ledger") && !err.contains("--actor"),
            "{err}"
        );
    }
}

/// `import --help` describes one input line, in both languages, with an example that
/// imports, and the idempotency key that makes importing it again harmless.
#[test]
fn import_help_describes_one_line_with_an_example_that_imports() {
    let jx = crate::support::Jx::new();
    let register = [
        "project",
        "register",
        "zj-2024-ip",
        "--name",
        "知识产权促进专项工作经费",
        "--department",
        "湛江市市场监督管理局",
        "--year",
        "2024",
    ];
    let budget = [
        "budget",
        "allocate",
        "zj-2024-ip",
        "200万",
        "--effective",
        "2024-01-15",
    ];
    let arrive = [
        "funds",
        "arrive",
        "zj-2024-ip",
        "200万",
        "--effective",
        "2024-03-31",
    ];
    for args in [&register[..], &budget, &arrive] {
        let (code, _, err) = run(&jx, Lang::En, args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let cases: &[(&str, &[&str])] = &[
        (
            "zh",
            &[
                "每行一条记录",
                "导入键（可选）",
                "幂等键",
                "只接受 YYYY-MM-DD",
                "例：",
            ],
        ),
        (
            "en",
            &[
                "Each line of the file is one record",
                "idempotency key",
                "YYYY-MM-DD only",
                "Example:",
            ],
        ),
    ];
    let shape = r#"{"type", "project", "effective", "data", "actor"?, "id"?}"#;
    let mut example = String::new();
    for (lang, needles) in cases {
        let (code, help, err) = run(&jx, Lang::Default, &["--lang", lang, "import", "--help"]);
        assert_eq!(code, 0, "{err}");
        for n in needles.iter().chain([&shape]) {
            assert!(help.contains(n), "{lang} lacks {n:?}:\n{help}");
        }
        let line = help
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(r#"{"type":""#))
            .expect("an example line");
        assert!(
            line.contains(r#""id":"#) && line.contains("宣传周活动"),
            "{line}"
        );
        example = line.to_string();
    }
    let path = jx.dir.path().join("example.jsonl");
    std::fs::write(&path, example + "\n").unwrap();
    let import = ["--lang", "zh", "import", path.to_str().unwrap()];
    let (code, out, err) = run(&jx, Lang::Default, &import);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已导入 1 个事件"), "{out}");
    let (code, out, err) = run(&jx, Lang::Default, &import);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已跳过 1 行：导入键已存在"), "{out}");
}

/// Issue 15 walk-through: an option's default reads as the rest of the help writes it,
/// `[默认：md]` in Chinese and `[default: md]` in English, never clap's English
/// `[default: md]` inside Chinese help. (command, Chinese, English).
#[test]
fn an_options_default_is_shown_in_the_helps_own_language() {
    let jx = project_2024();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["report"], "[默认：submission]", "[default: submission]"),
        (&["report"], "[默认：md]", "[default: md]"),
        (&["state"], "[默认：text]", "[default: text]"),
        (
            &["ledger", "require-signatures"],
            "[默认：roles-2026]",
            "[default: roles-2026]",
        ),
        (&["bench"], "[默认：1000000]", "[default: 1000000]"),
        (
            &["report"],
            "[默认：./jixiao-ledger]",
            "[default: ./jixiao-ledger]",
        ),
    ];
    for (path, zh, en) in cases {
        let help = |lang: Lang| {
            let (code, help, err) = run(&jx, lang, &[&path[..], &["--help"]].concat());
            assert_eq!(code, 0, "{err}");
            help
        };
        let (zh_help, en_help) = (help(Lang::Default), help(Lang::En));
        assert!(zh_help.contains(zh), "{path:?} lacks {zh}:\n{zh_help}");
        assert!(en_help.contains(en), "{path:?} lacks {en}:\n{en_help}");
    }
    // No command's Chinese help shows clap's English default (or its other English notes).
    let mut stack = vec![jixiao::cli::lang::command(jixiao::i18n::Lang::Zh)];
    while let Some(mut cmd) = stack.pop() {
        let text = cmd.render_long_help().to_string();
        for english in ["[default:", "[env:", "[possible values:"] {
            assert!(
                !text.contains(english),
                "{}: {english}\n{text}",
                cmd.get_name()
            );
        }
        stack.extend(cmd.get_subcommands().cloned());
    }
}
