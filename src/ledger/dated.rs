//! Money by effective date, for the rule that spending never runs ahead of the funds arrived
//! by its own date (DOMAIN.md: 资金到位 precedes 支出): per date, what arrived and what was
//! spent, after corrections and reversals; and the first date at which cumulative spending
//! would exceed cumulative arrivals.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Yuan;

/// Arrivals and disbursements summed per effective date (元).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dated {
    days: BTreeMap<NaiveDate, (Decimal, Decimal)>,
}

/// A date by which more would be spent than had arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    /// The first such date.
    pub on: NaiveDate,
    /// Spending up to and including `on`.
    pub spent: Yuan,
    /// Funds arrived up to and including `on`.
    pub arrived: Yuan,
    /// The first date on which the arrivals cover that spending, if any ever do.
    pub covered_on: Option<NaiveDate>,
}

impl Dated {
    pub fn arrive(&mut self, on: NaiveDate, amount: Yuan) {
        self.days.entry(on).or_default().0 += amount.decimal();
    }

    pub fn spend(&mut self, on: NaiveDate, amount: Yuan) {
        self.days.entry(on).or_default().1 += amount.decimal();
    }

    /// The first date at which a further disbursement of `amount` on `on` leaves spending
    /// above arrivals, where it was not already (a ledger recorded before this rule may
    /// have such dates; they do not block new events). None when it fits.
    ///
    /// A disbursement dated on or after every recorded date is judged by the totals alone
    /// (the caller checks them first), so the common append costs no scan.
    pub fn shortfall_with(&self, on: NaiveDate, amount: Yuan) -> Option<Shortfall> {
        if self
            .days
            .last_key_value()
            .is_none_or(|(last, _)| on >= *last)
        {
            return None;
        }
        let mut with = self.clone();
        with.spend(on, amount);
        with.first_new_shortfall(self)
    }

    /// The first date at which `self` spends more than has arrived while `before` did not.
    pub fn first_new_shortfall(&self, before: &Dated) -> Option<Shortfall> {
        let old = before.short_dates();
        let (mut arrived, mut spent) = (Decimal::ZERO, Decimal::ZERO);
        for (day, (a, s)) in &self.days {
            arrived += a;
            spent += s;
            if spent > arrived && !old.contains(day) {
                return Some(Shortfall {
                    on: *day,
                    spent: yuan(spent),
                    arrived: yuan(arrived),
                    covered_on: self.covered_on(spent),
                });
            }
        }
        None
    }

    /// Dates at which cumulative spending exceeds cumulative arrivals.
    fn short_dates(&self) -> Vec<NaiveDate> {
        let (mut arrived, mut spent) = (Decimal::ZERO, Decimal::ZERO);
        let mut out = Vec::new();
        for (day, (a, s)) in &self.days {
            arrived += a;
            spent += s;
            if spent > arrived {
                out.push(*day);
            }
        }
        out
    }

    /// The first date by which `spent` has arrived.
    fn covered_on(&self, spent: Decimal) -> Option<NaiveDate> {
        let mut arrived = Decimal::ZERO;
        for (day, (a, _)) in &self.days {
            arrived += a;
            if arrived >= spent {
                return Some(*day);
            }
        }
        None
    }
}

/// Sums of stored amounts are non-negative with two decimals.
fn yuan(d: Decimal) -> Yuan {
    Yuan::from_decimal(d).expect("invariant: sums of amounts are amounts")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn y(s: &str) -> Yuan {
        Yuan::parse(s).unwrap()
    }

    #[test]
    fn spending_before_its_funds_is_a_shortfall_naming_both_dates() {
        let mut d = Dated::default();
        d.arrive(day("2024-06-01"), y("35.6万"));
        // Table: (date, amount, expected shortfall date, covered on).
        let cases = [
            (
                "2024-05-09",
                "1万",
                Some(("2024-05-09", Some("2024-06-01"))),
            ),
            ("2024-06-01", "35.6万", None),
            ("2024-07-01", "40万", None), // after every date: the totals judge it
            ("2023-05-09", "36万", Some(("2023-05-09", None))),
        ];
        for (on, amount, want) in cases {
            let got = d
                .shortfall_with(day(on), y(amount))
                .map(|s| (s.on, s.covered_on));
            let want = want.map(|(a, b)| (day(a), b.map(day)));
            assert_eq!(got, want, "{on} {amount}");
        }
    }

    #[test]
    fn old_shortfalls_do_not_block_new_spending() {
        let mut d = Dated::default();
        d.spend(day("2024-01-05"), y("10"));
        d.arrive(day("2024-02-01"), y("100"));
        d.spend(day("2024-03-01"), y("10"));
        assert_eq!(d.shortfall_with(day("2024-02-15"), y("80")), None);
        let s = d.shortfall_with(day("2024-02-15"), y("81")).unwrap();
        assert_eq!(
            (s.on, s.spent, s.arrived),
            (day("2024-03-01"), y("101"), y("100"))
        );
    }
}
