//! The command line: clap structs, resolving them into a context, terminal output and exit
//! codes. Nothing outside this module prints or exits.

mod append;
mod bench;
mod bundle;
mod checkpoints;
mod correct;
mod dates;
mod demo;
mod echo;
mod echo_text;
mod evaluate;
mod exports;
pub mod font;
pub mod help;
mod import;
mod import_form;
mod inspect;
pub mod keys;
pub mod lang;
mod log_key;
mod notices;
pub mod output;
mod plausible;
mod query;
mod record;
mod record_args;
mod score_text;
pub mod sign;
mod state_text;
pub mod table;
pub mod term;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand};

use crate::i18n::{Lang, Msg};
use crate::ledger::log::Access;
use crate::ledger::{AppendError, Ledger, LogError, ReadError};

/// jixiao (绩效): an event-sourced, tamper-evident audit ledger for 项目支出绩效自评.
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about, long_about = None)]
pub struct Cli {
    /// Ledger directory, or an export file (read-only) [env: JIXIAO_LEDGER] [default:
    /// ./jixiao-ledger]
    #[arg(long, global = true, env = "JIXIAO_LEDGER", hide_env = true)]
    pub ledger: Option<PathBuf>,
    /// Open the ledger read-only: nothing is written to it, and writing commands are refused
    /// (read-only media are found without it)
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Who records (e.g. zj-scjg/ip-office) [env: JIXIAO_ACTOR] [default: $USER]
    #[arg(long, global = true, env = "JIXIAO_ACTOR", hide_env = true)]
    pub actor: Option<String>,
    /// Language of messages and help: zh (default) or en [env: JIXIAO_LANG; default: the
    /// locale's, else zh]. Read before parsing (`lang::detect`), so that help and usage
    /// errors are in it too
    #[arg(long, global = true, value_parser = ["zh", "en"], hide_possible_values = true)]
    pub lang: Option<String>,
    /// Sign what this command records with the key NAME from the key directory (a signed
    /// ledger refuses unsigned appends); the event's actor is then NAME
    #[arg(long = "key", global = true, value_name = "NAME")]
    pub key: Option<String>,
    /// Key directory [env: JIXIAO_KEYS] [default: $XDG_CONFIG_HOME/jixiao/keys]
    #[arg(long = "keys", global = true, env = "JIXIAO_KEYS", hide_env = true)]
    pub keys: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty ledger (--signed --key ADMIN: a signed ledger, ADMIN its first admin)
    Init {
        /// Require a signature on every append from the start: records ledger.configured
        /// and ADMIN's actor.registered, both signed with --key ADMIN
        #[arg(long)]
        signed: bool,
    },
    /// 操作人：登记、注销、列出 (actors and their roles in the ledger-level stream `_ledger`)
    #[command(subcommand)]
    Actor(sign::ActorCommand),
    /// 账本设置：require-signatures (signed with an admin's --key)
    #[command(subcommand)]
    Ledger(sign::LedgerCommand),
    /// Record the built-in sample (the seed's project) and show what jixiao does with it
    Demo,
    #[command(flatten)]
    Record(record::RecordCommand),
    /// Append a JSONL file of import lines (all or nothing); `-` reads stdin
    Import { file: PathBuf },
    /// Read a filled 自评表 (xlsx) into import lines: print them (--dry-run) or append them all
    ImportForm(import_form::ImportFormArgs),
    /// List events
    Log(inspect::LogArgs),
    /// Show one event as stored (its export line)
    Show { seq: u64 },
    /// Write every stored envelope, one JSON object per line, in seq order
    Export {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// A project's state: budget, adjustments, funds, spending, goals, indicators
    State(query::StateArgs),
    /// A project's timeline, one line per change
    History(query::HistoryArgs),
    /// One row per project with totals (the finance bureau's view)
    Projects(query::ProjectsArgs),
    /// Score a project under its policy (cz-2020-10 by default), line by line
    Score(query::ProjectArgs),
    /// Audit findings: claims vs computation, adjustments, targets, timing
    Audit(query::ProjectArgs),
    /// Render the 自评报告 + 自评表 (md, html, json, xlsx, pdf or docx) with its integrity digest
    Report(evaluate::ReportArgs),
    /// Check a report file against the ledger: exit 0 when it matches, 1 naming what differs
    VerifyReport { file: PathBuf },
    /// Check a report bundle with no ledger: hashes, project links, inclusion proofs, the
    /// checkpoint's signatures, the events' signatures, and the report recomputed
    VerifyBundle(bundle::VerifyBundleArgs),
    /// Verify the ledger (or an export file alone): exit 0 intact, 1 naming the first bad seq
    Verify {
        #[arg(long)]
        export: Option<PathBuf>,
        /// The ledger id of the export (as `init` printed it and reports quote it), so that
        /// the signatures of a signed ledger's export are checked over their statements
        #[arg(long = "ledger-id", requires = "export")]
        ledger_id: Option<String>,
        /// A head kept elsewhere (SEQ:HASH, as `verify` and reports quote it): the ledger or
        /// export must extend it, else it was truncated or is another history
        #[arg(long)]
        head: Option<String>,
        #[command(flatten)]
        checkpoint: checkpoints::VerifyCheckpointArgs,
    },
    /// Keys for checkpoints and cosignatures: create one (Ed25519), list them
    #[command(subcommand)]
    Key(keys::KeyCommand),
    /// Write the ledger's checkpoint (c2sp.org/tlog-checkpoint) signed with --key
    Checkpoint(checkpoints::CheckpointArgs),
    /// Print a Merkle inclusion or consistency proof (RFC 9162) as JSON
    #[command(subcommand)]
    Prove(checkpoints::ProveCommand),
    /// As a witness: check a checkpoint against the last one cosigned for its ledger, then
    /// add a cosignature (c2sp.org/tlog-cosignature); refuses a rollback or a fork
    Cosign(checkpoints::CosignArgs),
    /// 评分规则：列出或显示内置评分规则 (scoring policies compiled into jixiao)
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Measure the ledger at scale on a synthetic ledger, beside this machine's limits
    Bench(bench::command::BenchArgs),
}

/// `jixiao policy list|show NAME`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// 列出内置评分规则 (one line per policy: id and title)
    List,
    /// 显示一个评分规则的全部参数 (weights, bare targets, rounding, grade bands)
    Show {
        /// 评分规则名称，如 cz-2020-10、sichuan-10-90、hubei-20-40-30-10
        name: String,
    },
}

/// A project id as a query names it: NFC, as the ledger stores ids (`state café` finds the
/// project whichever way `é` was typed).
pub fn project_arg(text: &str) -> Result<String, String> {
    Ok(crate::ids::query_form(text))
}

/// A failure with its exit code: 1 when a verification found a problem, 2 for bad usage or
/// bad input (nothing written) and for environment failures. The message is shown in the
/// command line's language; library text given as a `String` is read back through
/// `i18n::translate` (shown as it is where no translation knows its form).
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub msg: Msg,
}

impl Failure {
    pub fn input(msg: impl Into<Msg>) -> Failure {
        Failure {
            code: 2,
            msg: msg.into(),
        }
    }
    pub fn found(msg: impl Into<Msg>) -> Failure {
        Failure {
            code: 1,
            msg: msg.into(),
        }
    }
}

/// Bad input given to an option (or an environment variable): `--as-of：…`.
pub fn bad_option(option: &str, msg: impl Into<Msg>) -> Failure {
    Failure::input(
        Msg::new("option-error")
            .arg("option", option)
            .arg_msg("message", msg.into()),
    )
}

/// A file that could not be read or written (`cannot-read`, `cannot-write`), with the
/// system's reason.
pub fn cannot(key: &'static str, path: &std::path::Path, e: &std::io::Error) -> Failure {
    let msg = match key {
        "cannot-write" => Msg::new("cannot-write"),
        _ => Msg::new("cannot-read"),
    };
    Failure::input(msg.arg("path", path.display()).arg("error", e))
}

impl From<LogError> for Failure {
    /// A read-only ledger that does not verify exits 1 (what `verify` would find); every
    /// other storage error is the environment's (exit 2).
    fn from(e: LogError) -> Failure {
        match e {
            LogError::Unverified { .. } => Failure::found(e.to_string()),
            _ => Failure::input(e.to_string()),
        }
    }
}

impl From<ReadError> for Failure {
    fn from(e: ReadError) -> Failure {
        Failure::found(e.to_string())
    }
}

impl From<AppendError> for Failure {
    fn from(e: AppendError) -> Failure {
        Failure::input(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::input(Msg::new("io-error").arg("error", e))
    }
}

/// What every command needs after arguments are resolved (ripgrep's HiArgs).
pub struct Context {
    pub ledger_path: PathBuf,
    pub ledger_given: bool,
    /// `--read-only`: open the ledger without writing to it.
    pub read_only: bool,
    pub actor: String,
    /// The language of everything printed (`lang::detect`).
    pub lang: Lang,
    /// The clock's reading: `JIXIAO_NOW`, or the wall clock.
    pub now: DateTime<Utc>,
    /// The wall clock itself (`now` may not be more than `MAX_CLOCK_SKEW` ahead of it).
    pub wall: DateTime<Utc>,
    /// `--key NAME`: sign what is recorded with this key.
    pub sign_key: Option<String>,
    /// `--keys DIR` (or JIXIAO_KEYS).
    pub keys: Option<PathBuf>,
}

impl Context {
    fn resolve(cli: &Cli, lang: Lang) -> Result<Context, Failure> {
        let actor = cli
            .actor
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "unknown".into());
        let wall = Utc::now();
        let now = clock_now(wall)?;
        Ok(Context {
            ledger_path: cli
                .ledger
                .clone()
                .unwrap_or_else(|| PathBuf::from("jixiao-ledger")),
            ledger_given: cli.ledger.is_some(),
            read_only: cli.read_only,
            actor,
            lang,
            now,
            wall,
            sign_key: cli.key.clone(),
            keys: cli.keys.clone(),
        })
    }

    /// How the ledger is opened (`--read-only`).
    pub fn access(&self) -> Access {
        Access {
            read_only: self.read_only,
            verify: false,
        }
    }

    /// Opens the ledger to read: read-only where it cannot be written, with `--read-only`,
    /// or for an export file.
    pub fn open(&self) -> Result<Ledger, Failure> {
        Ok(Ledger::open_as(&self.ledger_path, self.access())?)
    }

    /// Opens the ledger to write: a read-only one is refused before anything is done
    /// (`store-read-only`, exit 2).
    pub fn open_to_write(&self) -> Result<Ledger, Failure> {
        let ledger = self.open()?;
        refuse_read_only(&ledger, &self.ledger_path)?;
        Ok(ledger)
    }

    /// Opens the ledger for a view, refusing a `--known-at` the ledger cannot answer
    /// (`query::check_known_at`).
    pub fn open_for(&self, view: &crate::projection::View) -> Result<Ledger, Failure> {
        let ledger = self.open()?;
        query::check_known_at(view, &ledger, self.now)?;
        Ok(ledger)
    }
}

/// A writing command on a read-only ledger: refused, naming it (exit 2, nothing written).
fn refuse_read_only(ledger: &Ledger, path: &std::path::Path) -> Result<(), Failure> {
    match ledger.is_read_only() {
        true => Err(LogError::ReadOnly(path.to_path_buf()).into()),
        false => Ok(()),
    }
}

/// The wall clock, or `JIXIAO_NOW` (RFC 3339) so tests and reproductions never read it;
/// a reading more than `MAX_CLOCK_SKEW` ahead of the wall clock is refused (exit 2).
fn clock_now(wall: DateTime<Utc>) -> Result<DateTime<Utc>, Failure> {
    let now = match std::env::var("JIXIAO_NOW") {
        Ok(text) => crate::time::parse_instant(&text)
            .map_err(|e| bad_option("JIXIAO_NOW", e.to_string()))?,
        Err(_) => wall,
    };
    crate::time::check_clock(now, wall).map_err(|e| bad_option("JIXIAO_NOW", e.to_string()))?;
    Ok(now)
}

/// The arguments of this process in the language they ask for (`lang::parse`); help and
/// usage errors end the process there.
#[must_use]
pub fn parse() -> (Cli, Lang) {
    lang::parse()
}

/// Runs a parsed command; a failure is printed in `lang` (`错误：…` / `error: …`).
pub fn run(cli: Cli, lang: Lang) -> ExitCode {
    let result = Context::resolve(&cli, lang).and_then(|ctx| dispatch(cli.command, &ctx));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let message = f.msg.render(lang);
            let line = Msg::new("error").arg("message", message).render(lang);
            eprintln!("{}", term::safe_lines(&line));
            ExitCode::from(f.code)
        }
    }
}

impl Context {
    /// A message in this command's language, safe for the terminal (`term::safe_lines`:
    /// recorded text in it cannot move the cursor or start a line of its own).
    #[must_use]
    pub fn say(&self, msg: &Msg) -> String {
        term::safe_lines(&msg.render(self.lang))
    }
}

fn dispatch(command: Command, ctx: &Context) -> Result<(), Failure> {
    match command {
        Command::Init { signed } => init(signed, ctx),
        Command::Actor(a) => sign::actor(a, ctx),
        Command::Ledger(l) => sign::ledger_cmd(l, ctx),
        Command::Demo => demo::run(ctx),
        Command::Record(r) => record::run(r, ctx),
        Command::Import { file } => import::run(&file, ctx),
        Command::ImportForm(args) => import_form::run(args, ctx),
        Command::Log(args) => inspect::log(args, ctx),
        Command::Show { seq } => inspect::show(seq, ctx),
        Command::Export { out } => inspect::export(out.as_deref(), ctx),
        Command::Verify {
            export,
            ledger_id,
            head,
            checkpoint,
        } => inspect::verify(
            export.as_deref(),
            ledger_id.as_deref(),
            head.as_deref(),
            &checkpoint,
            ctx,
        ),
        Command::Key(k) => keys::run(k, ctx),
        Command::Checkpoint(args) => checkpoints::checkpoint(args, ctx),
        Command::Prove(p) => checkpoints::prove(p, ctx),
        Command::Cosign(args) => checkpoints::cosign(args, ctx),
        Command::State(args) => query::state(args, ctx),
        Command::Score(args) => evaluate::score(args, ctx),
        Command::Audit(args) => evaluate::audit_cmd(args, ctx),
        Command::Report(args) => evaluate::report(args, ctx),
        Command::VerifyReport { file } => evaluate::verify_report_cmd(file, ctx),
        Command::VerifyBundle(args) => bundle::verify_bundle(args, ctx),
        Command::History(args) => query::history(args, ctx),
        Command::Projects(args) => query::projects(args, ctx),
        Command::Bench(args) => bench::command::run(args, ctx),
        Command::Policy(p) => policy(p, ctx),
    }
}

fn policy(command: PolicyCommand, ctx: &Context) -> Result<(), Failure> {
    match command {
        PolicyCommand::List => {
            for p in crate::scoring::shipped() {
                let default = match p.id == crate::scoring::DEFAULT_POLICY {
                    true => ctx.say(&Msg::new("policy-default")),
                    false => String::new(),
                };
                println!("{}{default}\t{}", p.id, p.title);
            }
            // Role policies (who may record what in a signed ledger), after the scoring ones.
            for p in crate::trust::roles::shipped() {
                let default = match p.id == crate::trust::roles::DEFAULT_ROLES {
                    true => ctx.say(&Msg::new("policy-default")),
                    false => String::new(),
                };
                println!("{}{default}\t{}", p.id, p.title);
            }
        }
        PolicyCommand::Show { name } => {
            if let Some(roles) = crate::trust::roles::named(&name) {
                roles.describe().iter().for_each(|l| println!("{l}"));
                return Ok(());
            }
            let p = crate::scoring::named(&name).ok_or_else(|| {
                Failure::input(
                    Msg::new("policy-unknown")
                        .arg("policy", &name)
                        .arg("known", crate::scoring::known_ids().join("、")),
                )
            })?;
            for line in score_text::policy_lines(&p) {
                println!("{}", ctx.say(&line));
            }
        }
    }
    Ok(())
}

fn init(signed: bool, ctx: &Context) -> Result<(), Failure> {
    if ctx.read_only {
        return Err(LogError::ReadOnly(ctx.ledger_path.clone()).into());
    }
    let id = new_ledger_id(ctx);
    // Key first: a signed ledger is not created without the admin's key at hand.
    let key = match signed {
        true => Some(sign::load_key(ctx)?),
        false => None,
    };
    let mut ledger = Ledger::init(&ctx.ledger_path, &id)?;
    if let Some(key) = key {
        sign::bootstrap(&mut ledger, key, ctx)?;
    }
    let msg = Msg::new("init-done")
        .arg("id", &id)
        .arg("path", ctx.ledger_path.display());
    println!("{}", ctx.say(&msg));
    Ok(())
}

/// A ledger id unique enough to tell ledgers apart in reports: path, instant and process.
pub fn new_ledger_id(ctx: &Context) -> String {
    let seed = format!(
        "{}|{}|{}",
        ctx.ledger_path.display(),
        ctx.now.timestamp_nanos_opt().unwrap_or_default(),
        std::process::id()
    );
    let hash = blake3::hash(seed.as_bytes());
    format!("jx-{}", &hash.to_hex()[..16])
}
