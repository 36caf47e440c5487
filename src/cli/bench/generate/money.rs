//! The synthetic ledger's money: budgets of realistic sizes, arrivals and disbursements that
//! respect the business rules (nothing spent beyond what arrived or was budgeted).

use super::*;

/// Walks the plan in ledger order and gives every money event an amount the rules accept.
pub(super) fn assign_money(events: &mut [Planned], l: &Layout, rng: &mut Rng) {
    let budget = round_budget(log_uniform(rng, 200_000, 200_000_000), rng) * 100;
    let first = if l.extra_allocation {
        (budget * 8 / 10) / 1_000_000 * 1_000_000
    } else {
        budget
    };
    let arrived_total = budget * rng.range(70, 100) / 100 / 10_000 * 10_000;
    let shares = split(arrived_total, l.arrivals, rng);
    let (mut arrived, mut spent, mut left) = (0u64, 0u64, l.disbursements);
    for e in events.iter_mut() {
        e.amount_fen = match e.kind {
            Kind::Allocated if e.item == 0 => first,
            Kind::Allocated => budget - first,
            Kind::Arrived => shares[usize::from(e.item)],
            Kind::BudgetAdjusted if rng.chance(50) => arrived,
            Kind::BudgetAdjusted => (arrived / 1_000_000 + 1 + rng.below(50)) * 1_000_000,
            Kind::Disbursed => {
                let amount = disbursement(arrived - spent, left, rng);
                left -= 1;
                amount
            }
            _ => 0,
        };
        match e.kind {
            Kind::Arrived => arrived += e.amount_fen,
            Kind::Disbursed => spent += e.amount_fen,
            _ => {}
        }
    }
}

/// A budget as `assign_money` draws one, in 分.
pub(super) fn round_budget_fen(rng: &mut Rng) -> u64 {
    round_budget(log_uniform(rng, 200_000, 200_000_000), rng) * 100
}

fn log_uniform(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
    let u = rng.next_u64() as f64 / u64::MAX as f64;
    (a + (b - a) * u).exp() as u64
}

/// Budgets are round: mostly whole 万元, sometimes whole 百元.
fn round_budget(yuan: u64, rng: &mut Rng) -> u64 {
    if rng.chance(80) {
        (yuan / 10_000).max(1) * 10_000
    } else {
        (yuan / 100).max(1) * 100
    }
}

/// Splits `total` 分 into `n` positive parts in whole 百元 (the last takes the remainder).
fn split(total: u64, n: u64, rng: &mut Rng) -> Vec<u64> {
    let mut parts = Vec::with_capacity(n as usize);
    let mut left = total;
    for i in 0..n {
        let remaining = n - i;
        let part = if remaining == 1 {
            left
        } else {
            let fair = left / remaining;
            (fair * rng.range(60, 140) / 100 / 10_000 * 10_000)
                .clamp(10_000, left - 10_000 * (remaining - 1))
        };
        parts.push(part);
        left -= part;
    }
    parts
}

/// One disbursement out of `available` 分 with `left` disbursements to come (this one
/// included): about an even share, in whole 元 or 百元 mostly, never more than available.
fn disbursement(available: u64, left: u64, rng: &mut Rng) -> u64 {
    let fair = available / left.max(1);
    let raw = if left == 1 {
        available * rng.range(60, 100) / 100
    } else {
        (fair * rng.range(40, 160) / 100).min(available * 9 / 10)
    };
    let rounded = match rng.below(20) {
        0..=11 => raw / 100 * 100,
        12..=16 => raw / 10_000 * 10_000,
        _ => raw,
    };
    rounded.max(1).min(available)
}
