//! `jixiao key new|list` and what the trust commands share: where the key directory is
//! (`--keys`, `JIXIAO_KEYS`, else `$XDG_CONFIG_HOME/jixiao/keys` or `~/.config/jixiao/keys`;
//! never inside a ledger), verifier keys given on the command line, and how a `TrustError`
//! becomes an exit code (bad input 2, a failed check 1).

use std::path::{Component, Path, PathBuf};

use clap::{Args, Subcommand};
use rand_core::{OsRng, RngCore};

use super::{Context, Failure};
use crate::i18n::Msg;
use crate::store::{dir_kind, DirKind};
use crate::trust::keys::{check_name, KeyDir, SigningKey, VerifierKey};
use crate::trust::TrustError;

/// `--keys DIR`, shared by every command that reads or writes private keys.
#[derive(Debug, Args)]
pub struct KeysArg {
    /// Key directory [env: JIXIAO_KEYS] [default: $XDG_CONFIG_HOME/jixiao/keys, else
    /// ~/.config/jixiao/keys]; never inside a ledger
    #[arg(long = "keys", env = "JIXIAO_KEYS", hide_env = true)]
    pub keys: Option<PathBuf>,
}

/// `jixiao key new NAME` / `jixiao key list`.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create an Ed25519 key in the key directory and print its verifier key
    New {
        /// Key name: no whitespace, no `+` (an actor id such as zj-czj/budget is a good one)
        name: String,
        #[command(flatten)]
        keys: KeysArg,
    },
    /// List the keys in the key directory: name and verifier key, one per line
    List {
        #[command(flatten)]
        keys: KeysArg,
    },
}

impl From<TrustError> for Failure {
    fn from(e: TrustError) -> Failure {
        match e {
            TrustError::Input(m) => Failure::input(m),
            TrustError::Failed(m) => Failure::found(m),
        }
    }
}

pub fn run(command: KeyCommand, ctx: &Context) -> Result<(), Failure> {
    match command {
        KeyCommand::New { name, keys } => new_key(&name, &keys, ctx),
        KeyCommand::List { keys } => list(&keys, ctx),
    }
}

fn new_key(name: &str, keys: &KeysArg, ctx: &Context) -> Result<(), Failure> {
    check_name(name)?;
    let dir = key_dir(keys, ctx)?;
    let mut seed = [0u8; 32];
    OsRng
        .try_fill_bytes(&mut seed)
        .map_err(|e| Failure::input(Msg::new("key-random-failed").arg("error", e)))?;
    let key = SigningKey::from_seed(name, seed)?;
    let file = dir.create(&key)?;
    println!("{}", key.note_key().encode());
    let msg = Msg::new("key-created")
        .arg("name", name)
        .arg("path", file.display())
        .arg("cosigner", key.cosigner_key().encode());
    eprintln!("{}", ctx.say(&msg));
    Ok(())
}

fn list(keys: &KeysArg, ctx: &Context) -> Result<(), Failure> {
    let dir = key_dir(keys, ctx)?;
    let all = dir.list()?;
    if all.is_empty() {
        let msg = Msg::new("key-list-empty").arg("dir", dir.path().display());
        eprintln!("{}", ctx.say(&msg));
    }
    for k in all {
        println!("{}\t{}", super::term::safe(&k.name), k.encode());
    }
    Ok(())
}

/// The key directory the command names, refused when it lies inside a ledger.
pub fn key_dir(arg: &KeysArg, ctx: &Context) -> Result<KeyDir, Failure> {
    let path = match &arg.keys {
        Some(p) => p.clone(),
        None => default_key_dir()?,
    };
    check_outside_ledger(&path, &ctx.ledger_path)?;
    Ok(KeyDir::at(&path))
}

/// `$XDG_CONFIG_HOME/jixiao/keys` (when absolute), else `$HOME/.config/jixiao/keys`.
fn default_key_dir() -> Result<PathBuf, Failure> {
    let xdg = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from);
    if let Some(x) = xdg.filter(|x| x.is_absolute()) {
        return Ok(x.join("jixiao").join("keys"));
    }
    match std::env::var_os("HOME").map(PathBuf::from) {
        Some(home) if home.is_absolute() => Ok(home.join(".config").join("jixiao").join("keys")),
        _ => Err(Failure::input(Msg::new("keys-no-home"))),
    }
}

/// Refuses a key directory inside the command's ledger directory or inside any directory
/// that is a ledger (resolved through symlinks and `..`): whoever holds a copy of a ledger
/// must not hold the keys that sign for it.
fn check_outside_ledger(dir: &Path, ledger: &Path) -> Result<(), Failure> {
    let resolved = resolve(dir);
    let refuse = |ledger: &Path| {
        Failure::input(
            Msg::new("key-dir-in-ledger")
                .arg("path", dir.display())
                .arg("ledger", ledger.display()),
        )
    };
    let ledger = resolve(ledger);
    if resolved.starts_with(&ledger) {
        return Err(refuse(&ledger));
    }
    for ancestor in resolved.ancestors() {
        if matches!(dir_kind(ancestor), Ok(DirKind::Ledger)) {
            return Err(refuse(ancestor));
        }
    }
    Ok(())
}

/// An absolute path with its longest existing prefix resolved canonically and `..` applied
/// to the rest.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    let base = loop {
        if let Ok(base) = existing.canonicalize() {
            break base;
        }
        rest.push(existing.components().next_back());
        match existing.parent() {
            Some(parent) => existing = parent,
            None => break PathBuf::from("/"),
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
    resolved
}

/// A verifier key given to `option` as its text, or as a file that holds it (a path that
/// does not read as a key and names a readable file).
pub fn vkey_arg(option: &str, text: &str) -> Result<VerifierKey, Failure> {
    let error = match VerifierKey::parse(text) {
        Ok(k) => return Ok(k),
        Err(e) => e,
    };
    let from_file = std::fs::read_to_string(Path::new(text))
        .ok()
        .map(|content| VerifierKey::parse(&content));
    match from_file {
        Some(Ok(k)) => Ok(k),
        Some(Err(e)) => Err(super::bad_option(option, e.msg().clone())),
        None => Err(super::bad_option(option, error.msg().clone())),
    }
}
