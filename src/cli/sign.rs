//! Signing at the command line (issue 15): `--key NAME` on every recording command and
//! `import`, `init --signed --key ADMIN` (the bootstrap), `actor register|revoke|list` and
//! `ledger require-signatures`, all in the ledger-level stream `_ledger`.

use clap::Subcommand;
use serde_json::{json, Value};

use super::echo::{print_recorded, Recorded};
use super::keys::{key_dir, KeysArg};
use super::{Context, Failure};
use crate::event::{EventData, ImportLine, Role, LEDGER_STREAM};
use crate::i18n::Msg;
use crate::ids::ProjectId;
use crate::ledger::signing::Signer;
use crate::ledger::{AppendError, Ledger};
use crate::time::{today_cst, Day};
use crate::trust::keys::SigningKey;
use crate::trust::roles::DEFAULT_ROLES;

/// `jixiao actor register|revoke|list`.
#[derive(Debug, Subcommand)]
pub enum ActorCommand {
    /// 登记操作人 (actor.registered, signed by an admin's --key)
    Register {
        /// The actor id its events carry (e.g. zj-czj/budget)
        id: String,
        /// clerk (经办), head (单位负责人), finance (财政), auditor (审计), admin (管理员)
        #[arg(long)]
        role: String,
        /// Its verifier key, as `jixiao key new` prints it (name+id+base64)
        #[arg(long = "verifier-key")]
        verifier_key: String,
        /// 所属部门或单位
        #[arg(long)]
        department: Option<String>,
    },
    /// 注销操作人 (actor.revoked, signed by an admin's --key): its later signatures are refused
    Revoke {
        id: String,
        #[arg(long)]
        reason: String,
    },
    /// 列出操作人及其可记录的事件类型 (who may record what)
    List,
}

/// `jixiao ledger require-signatures`.
#[derive(Debug, Subcommand)]
pub enum LedgerCommand {
    /// 要求签名：from the next append on, every event must be signed by a registered actor
    /// whose role may record it (ledger.configured, signed by an admin's --key)
    RequireSignatures {
        /// Role policy (`jixiao policy list`)
        #[arg(long, default_value = DEFAULT_ROLES)]
        roles: String,
    },
}

/// The private key named by `--key`, from the key directory.
pub fn load_key(ctx: &Context) -> Result<SigningKey, Failure> {
    let name = ctx
        .sign_key
        .as_deref()
        .ok_or_else(|| Failure::input(Msg::new("sign-needs-key")))?;
    let dir = key_dir(
        &KeysArg {
            keys: ctx.keys.clone(),
        },
        ctx,
    )?;
    Ok(dir.load(name)?)
}

/// The signer `--key` asks for (None without it): the event's actor is the key's name (an
/// actor is registered under its key's name; `--actor` does not apply to signed records).
pub fn signer(ctx: &Context, ledger: &Ledger) -> Result<Option<Signer>, Failure> {
    if ctx.sign_key.is_none() {
        return Ok(None);
    }
    let key = load_key(ctx)?;
    Ok(Some(signer_with(ctx, ledger, key)))
}

fn signer_with(ctx: &Context, ledger: &Ledger, key: SigningKey) -> Signer {
    let actor = key.name().to_string();
    Signer::new(ledger.ledger_id(), &actor, key, ctx.now)
}

/// `init --signed`: the admin registers itself (self-signed, the bootstrap rule), then
/// requires signatures, both signed with its key.
pub fn bootstrap(ledger: &mut Ledger, key: SigningKey, ctx: &Context) -> Result<(), Failure> {
    let signer = signer_with(ctx, ledger, key);
    let register =
        json!({"id": signer.actor, "role": "admin", "key": signer.key.note_key().encode()});
    let configure = json!({"signatures": "required", "roles": DEFAULT_ROLES});
    let lines = [
        ledger_line("actor.registered", register, ctx)?,
        ledger_line("ledger.configured", configure, ctx)?,
    ];
    append_signed(ledger, lines.into_iter().collect(), &signer, ctx)
}

fn ledger_line(kind: &str, data: Value, ctx: &Context) -> Result<ImportLine, Failure> {
    let data = EventData::parse(kind, &data.to_string()).map_err(|e| {
        Failure::input(
            Msg::new("field-error")
                .arg("field", &e.path)
                .arg_msg("message", Msg::from(e.message)),
        )
    })?;
    Ok(ImportLine {
        actor: None,
        data,
        effective: Day(today_cst(ctx.now)),
        project: ProjectId::new(LEDGER_STREAM).expect("invariant: a valid id"),
        id: None,
        signed: None,
    })
}

fn append_signed(
    ledger: &mut Ledger,
    lines: Vec<ImportLine>,
    signer: &Signer,
    ctx: &Context,
) -> Result<(), Failure> {
    let mut inputs = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        inputs.push((i + 1, signer.sign(line)));
    }
    let datas: Vec<(Day, EventData)> = inputs
        .iter()
        .filter_map(|(_, l)| l.as_ref().ok().map(|l| (l.effective, l.data.clone())))
        .collect();
    let now = ctx.now;
    let appended = ledger
        .append(inputs, &ctx.actor, &mut |_| now)
        .map_err(rejected)?;
    for (a, (effective, data)) in appended.iter().zip(&datas) {
        let recorded = Recorded {
            seq: a.seq,
            hash: &a.hash,
            project: LEDGER_STREAM,
            effective: *effective,
            data,
        };
        print_recorded(ctx, &recorded, None);
    }
    Ok(())
}

fn rejected(e: AppendError) -> Failure {
    match e {
        AppendError::Rejected { field, message, .. } => Failure::input(
            Msg::new("field-error")
                .arg("field", &field)
                .arg_msg("message", Msg::from(message)),
        ),
        other => other.into(),
    }
}

/// `jixiao actor …`.
pub fn actor(command: ActorCommand, ctx: &Context) -> Result<(), Failure> {
    let mut ledger = ctx.open()?;
    let (kind, data) = match command {
        ActorCommand::List => return list(&ledger, ctx),
        ActorCommand::Register {
            id,
            role,
            verifier_key,
            department,
        } => {
            if Role::parse(&role).is_none() {
                return Err(Failure::input(
                    Msg::new("actor-role-unknown").arg("role", &role),
                ));
            }
            let mut data = json!({"id": id, "role": role, "key": verifier_key.trim()});
            if let Some(d) = department {
                data["department"] = json!(d);
            }
            ("actor.registered", data)
        }
        ActorCommand::Revoke { id, reason } => {
            ("actor.revoked", json!({"id": id, "reason": reason}))
        }
    };
    let line = ledger_line(kind, data, ctx)?;
    let signer = signer(ctx, &ledger)?.ok_or_else(|| Failure::input(Msg::new("sign-needs-key")))?;
    append_signed(&mut ledger, vec![line], &signer, ctx)
}

/// `jixiao ledger require-signatures`.
pub fn ledger_cmd(command: LedgerCommand, ctx: &Context) -> Result<(), Failure> {
    let LedgerCommand::RequireSignatures { roles } = command;
    let mut ledger = ctx.open()?;
    let line = ledger_line(
        "ledger.configured",
        json!({"signatures": "required", "roles": roles}),
        ctx,
    )?;
    let signer = signer(ctx, &ledger)?.ok_or_else(|| Failure::input(Msg::new("sign-needs-key")))?;
    append_signed(&mut ledger, vec![line], &signer, ctx)
}

/// `actor list`: one line per actor (id, role, department, key, standing), then what each
/// role may record under the ledger's role policy.
fn list(ledger: &Ledger, ctx: &Context) -> Result<(), Failure> {
    let state = ledger.trust_state()?;
    let required = match state.required_since {
        Some(seq) => Msg::new("actor-list-signed").arg("seq", seq),
        None => Msg::new("actor-list-unsigned"),
    };
    println!("{}", ctx.say(&required.arg("policy", &state.policy.id)));
    for a in state.actors_in_order() {
        let standing = match &a.revoked {
            None => Msg::new("actor-active").arg("seq", a.registered_seq),
            Some((seq, reason)) => Msg::new("actor-revoked")
                .arg("seq", *seq)
                .arg("reason", reason),
        };
        let kinds: Vec<&str> = crate::event::TYPE_NAMES
            .iter()
            .copied()
            .filter(|k| state.policy.allows(a.role, k))
            .collect();
        let msg = Msg::new("actor-line")
            .arg("id", super::term::safe(&a.id))
            .arg("role", format!("{} ({})", a.role.zh(), a.role.as_str()))
            .arg(
                "department",
                super::term::safe(a.department.as_deref().unwrap_or("—")),
            )
            .arg("key", a.key.encode())
            .arg_msg("standing", standing)
            .arg(
                "types",
                if kinds.is_empty() {
                    "—".to_string()
                } else {
                    kinds.join(", ")
                },
            );
        println!("{}", ctx.say(&msg));
    }
    Ok(())
}
