//! The signing summary in words, for the integrity section of the Markdown and HTML audit
//! copies (the submission copy, the official form, says nothing of it): how many of the
//! project's events were signed and by which roles, and since when the ledger requires
//! signatures. Plain text: the renderers escape it.

use crate::projection::signatures::SigningSummary;

/// Unsigned seqs listed by number, at most; more are counted (each is in the findings).
pub const LISTED_UNSIGNED: usize = 20;

/// `本项目 33 个事件中 33 个已签名（财政 2、经办 28、单位负责人 3）；账本自第 5 号事件起要求签名（角色规则 roles-2026）`,
/// or `…；账本不要求签名`; in a ledger that requires signatures, the unsigned events' seqs
/// follow (`；未签名的事件：序号 1、2`).
#[must_use]
pub fn signing_sentence(s: &SigningSummary) -> String {
    let mut counts: Vec<String> = s
        .by_role
        .iter()
        .map(|c| format!("{} {}", c.role.zh(), c.events))
        .collect();
    let unknown: u64 = s
        .signers
        .iter()
        .filter(|c| c.role.is_none())
        .map(|c| c.events)
        .sum();
    if unknown > 0 {
        counts.push(format!("未登记的签名者 {unknown}"));
    }
    let by_role = match counts.is_empty() {
        true => String::new(),
        false => format!("（{}）", counts.join("、")),
    };
    let mut out = format!(
        "本项目 {} 个事件中 {} 个已签名{by_role}",
        s.events, s.signed
    );
    match s.required_since {
        None => out.push_str("；账本不要求签名"),
        Some(since) => {
            out.push_str(&format!(
                "；账本自第 {since} 号事件起要求签名（角色规则 {}）",
                s.roles
            ));
            out.push_str(&unsigned_list(&s.unsigned_seqs));
        }
    }
    out
}

/// `；未签名的事件：序号 1、2`, cut after `LISTED_UNSIGNED` seqs (`…，共 N 个`); empty when none.
fn unsigned_list(seqs: &[u64]) -> String {
    if seqs.is_empty() {
        return String::new();
    }
    let listed: Vec<String> = seqs
        .iter()
        .take(LISTED_UNSIGNED)
        .map(u64::to_string)
        .collect();
    let more = match seqs.len() > LISTED_UNSIGNED {
        true => format!("…，共 {} 个", seqs.len()),
        false => String::new(),
    };
    format!("；未签名的事件：序号 {}{more}", listed.join("、"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Role;
    use crate::projection::signatures::{RoleCount, SignerCount};

    fn summary(
        since: Option<u64>,
        events: u64,
        roles: &[(Role, u64)],
        unsigned: Vec<u64>,
    ) -> SigningSummary {
        let signed = events - unsigned.len() as u64;
        SigningSummary {
            required: since.is_some(),
            required_since: since,
            roles: "roles-2026".into(),
            events,
            signed,
            by_role: roles
                .iter()
                .map(|&(role, events)| RoleCount { role, events })
                .collect(),
            signers: roles
                .iter()
                .map(|&(role, events)| SignerCount {
                    actor: role.as_str().into(),
                    role: Some(role),
                    events,
                })
                .collect(),
            unsigned_seqs: unsigned,
        }
    }

    /// Table: a summary in, the sentence out.
    #[test]
    fn the_sentence_says_who_signed_and_since_when() {
        let many: Vec<u64> = (1..=25).collect();
        let cases = [
            (
                summary(Some(5), 33, &[(Role::Clerk, 28), (Role::Head, 3), (Role::Finance, 2)], vec![]),
                "本项目 33 个事件中 33 个已签名（经办 28、单位负责人 3、财政 2）；账本自第 5 号事件起要求签名（角色规则 roles-2026）",
            ),
            (
                summary(None, 12, &[], (1..=12).collect()),
                "本项目 12 个事件中 0 个已签名；账本不要求签名",
            ),
            (
                summary(Some(9), 4, &[(Role::Clerk, 2)], vec![3, 4]),
                "本项目 4 个事件中 2 个已签名（经办 2）；账本自第 9 号事件起要求签名（角色规则 roles-2026）；未签名的事件：序号 3、4",
            ),
            (
                summary(Some(30), 25, &[], many),
                "本项目 25 个事件中 0 个已签名；账本自第 30 号事件起要求签名（角色规则 roles-2026）；未签名的事件：序号 1、2、3、4、5、6、7、8、9、10、11、12、13、14、15、16、17、18、19、20…，共 25 个",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(signing_sentence(&s), want);
        }
        let mut stranger = summary(None, 2, &[(Role::Clerk, 1)], vec![]);
        stranger.signers.push(SignerCount {
            actor: "x".into(),
            role: None,
            events: 1,
        });
        assert_eq!(
            signing_sentence(&stranger),
            "本项目 2 个事件中 2 个已签名（经办 1、未登记的签名者 1）；账本不要求签名"
        );
    }
}
