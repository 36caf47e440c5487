//! The official money block by fund source: 年度资金总额 and its rows 当年财政拨款 / 上年结转资金 /
//! 其他资金, each with 年初预算数, 全年预算数, 到位, 全年执行数 and 执行率, folded beside `Money`.
//! Pure; projections never validate (the append rules judge totals).

use rust_decimal::Decimal;
use serde::Serialize;

use super::state::ratio;
use crate::fund::{Fund, PerFund};
use crate::money::Yuan;

/// One row of the money block. Amounts in 元; `execution_ratio` = spent / budget (None when
/// the budget is zero).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Default)]
pub struct FundRow {
    /// 年初预算数.
    pub initial_budget: Yuan,
    /// 全年预算数 (after adjustments).
    pub budget: Yuan,
    /// 资金到位.
    pub arrived: Yuan,
    /// 全年执行数.
    pub spent: Yuan,
    /// 执行率.
    pub execution_ratio: Option<Decimal>,
}

/// The money block, always all four rows (zeros where nothing was recorded). Execution is
/// scored on `total`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Default)]
pub struct ByFund {
    /// 年度资金总额: the sum of the three rows.
    pub total: FundRow,
    /// 当年财政拨款.
    pub current: FundRow,
    /// 上年结转资金.
    pub carry_over: FundRow,
    /// 其他资金.
    pub other: FundRow,
}

impl ByFund {
    /// The rows as the official form labels and orders them.
    pub fn rows(&self) -> [(&'static str, &FundRow); 4] {
        [
            ("年度资金总额", &self.total),
            (Fund::Current.row_label(), &self.current),
            (Fund::CarryOver.row_label(), &self.carry_over),
            (Fund::Other.row_label(), &self.other),
        ]
    }

    pub fn row(&self, fund: Fund) -> &FundRow {
        match fund {
            Fund::Current => &self.current,
            Fund::CarryOver => &self.carry_over,
            Fund::Other => &self.other,
        }
    }

    fn row_mut(&mut self, fund: Fund) -> &mut FundRow {
        match fund {
            Fund::Current => &mut self.current,
            Fund::CarryOver => &mut self.carry_over,
            Fund::Other => &mut self.other,
        }
    }

    /// 全年预算数 of the whole, as it stands now.
    pub(super) fn budget(&self) -> Yuan {
        self.budgets().total()
    }

    fn budgets(&self) -> PerFund {
        let mut b = PerFund::default();
        for f in Fund::ALL {
            b.add(f, self.row(f).budget);
        }
        b
    }

    /// An allocation of `amount` to `fund`; `initial` when it counts in 年初预算数.
    pub(super) fn allocate(&mut self, fund: Fund, amount: Yuan, initial: bool) {
        let row = self.row_mut(fund);
        row.budget = row.budget + amount;
        if initial {
            row.initial_budget = row.initial_budget + amount;
        }
    }

    /// A `budget.adjusted` (see `PerFund::adjust`): one fund's new total, or the whole's.
    pub(super) fn adjust(&mut self, fund: Option<Fund>, amount: Yuan) {
        let mut b = self.budgets();
        b.adjust(fund, amount);
        for f in Fund::ALL {
            self.row_mut(f).budget = b.get(f);
        }
    }

    pub(super) fn arrive(&mut self, fund: Fund, amount: Yuan) {
        let row = self.row_mut(fund);
        row.arrived = row.arrived + amount;
    }

    pub(super) fn spend(&mut self, fund: Fund, amount: Yuan) {
        let row = self.row_mut(fund);
        row.spent = row.spent + amount;
    }

    /// The total row and every 执行率, once every event is in.
    pub(super) fn finish(&mut self) {
        let mut total = FundRow::default();
        for f in Fund::ALL {
            let row = self.row_mut(f);
            row.execution_ratio = ratio(row.spent, row.budget);
            total.initial_budget = total.initial_budget + row.initial_budget;
            total.budget = total.budget + row.budget;
            total.arrived = total.arrived + row.arrived;
            total.spent = total.spent + row.spent;
        }
        total.execution_ratio = ratio(total.spent, total.budget);
        self.total = total;
    }
}
