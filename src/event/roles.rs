//! Role policies as versioned data (like the scoring policies): one JSON file per policy in
//! `roles/`, compiled into the binary and listed by `jixiao policy list|show`. A policy says
//! which roles may record which event types: its rules are tried in order and the first whose
//! `types` match (an exact name, `prefix.*`, or `*`) gives the roles. A correction or a
//! reversal is judged by the type of the event it targets (`corrections: "target"`).
//! Pure: no file is read at run time.

use serde::{Deserialize, Serialize};

use super::Role;

/// The policy a signed ledger uses unless its `ledger.configured` names another.
pub const DEFAULT_ROLES: &str = "roles-2026";

/// Every shipped role policy's file, in the order `policy list` prints them.
const ROLE_FILES: [&str; 1] = [include_str!("roles/roles-2026.json")];

/// One rule: these types may be recorded by these roles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRule {
    pub types: Vec<String>,
    pub roles: Vec<Role>,
}

/// A role policy: id, title (Chinese), rules in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RolePolicy {
    pub id: String,
    pub title: String,
    pub rules: Vec<RoleRule>,
    /// How corrections and reversals are judged: `target` (by the corrected event's type).
    pub corrections: String,
}

/// Every shipped role policy, parsed once.
pub fn shipped() -> &'static [RolePolicy] {
    static POLICIES: std::sync::OnceLock<Vec<RolePolicy>> = std::sync::OnceLock::new();
    POLICIES.get_or_init(|| {
        ROLE_FILES
            .iter()
            .map(|text| serde_json::from_str(text).expect("invariant: shipped role policy parses"))
            .collect()
    })
}

/// The shipped role policy with this id.
pub fn named(id: &str) -> Option<&'static RolePolicy> {
    shipped().iter().find(|p| p.id == id)
}

fn matches(pattern: &str, kind: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => kind.starts_with(prefix),
        None => pattern == kind,
    }
}

impl RolePolicy {
    /// The roles that may record `kind` (a correction or reversal: pass the target's type).
    #[must_use]
    pub fn roles_for(&self, kind: &str) -> &[Role] {
        self.rules
            .iter()
            .find(|r| r.types.iter().any(|t| matches(t, kind)))
            .map_or(&[], |r| r.roles.as_slice())
    }

    /// Whether `role` may record `kind`.
    #[must_use]
    pub fn allows(&self, role: Role, kind: &str) -> bool {
        self.roles_for(kind).contains(&role)
    }

    /// The policy in lines, for `policy show` (types → roles, Chinese names first).
    #[must_use]
    pub fn describe(&self) -> Vec<String> {
        let mut lines = vec![format!("{}  {}", self.id, self.title)];
        for rule in &self.rules {
            let roles: Vec<String> = rule
                .roles
                .iter()
                .map(|r| format!("{} ({})", r.zh(), r.as_str()))
                .collect();
            lines.push(format!(
                "  {} → {}",
                rule.types.join(", "),
                roles.join(" / ")
            ));
        }
        lines.push("  event.corrected, event.reversed → 可记录被更正事件类型的角色 (the roles of the target's type)".into());
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_2026_gives_each_type_its_roles() {
        let p = named(DEFAULT_ROLES).unwrap();
        let cases: &[(&str, &[Role])] = &[
            ("budget.adjusted", &[Role::Finance]),
            ("budget.allocated", &[Role::Finance]),
            ("funds.arrived", &[Role::Finance]),
            ("evaluation.claimed", &[Role::Head]),
            ("actor.registered", &[Role::Admin]),
            ("ledger.configured", &[Role::Admin]),
            ("funds.disbursed", &[Role::Clerk, Role::Head]),
            ("project.registered", &[Role::Clerk, Role::Head]),
        ];
        for (kind, roles) in cases {
            assert_eq!(p.roles_for(kind), *roles, "{kind}");
        }
        assert!(!p.allows(Role::Clerk, "budget.adjusted"));
        assert!(!p.allows(Role::Auditor, "funds.disbursed"));
    }
}
