# findings messages (en): audit findings in English. The library writes findings in Chinese
# (src/findings/, src/scoring/weights.rs); the command line reads the Chinese back through
# the zh-CN templates of the finding's code and renders these (src/i18n/findings.rs).

finding-claim-missing = no claimed score and grade of the unit recorded yet (evaluation.claimed)
finding-claim-matches = the claimed score { $score } points/{ $grade } matches the { $total } points/{ $computed } computed by { $policy }
finding-claim-score = the claimed score { $score } points/{ $grade } differs from the { $total } points/{ $computed } computed by { $policy }
finding-claim-spent = the claim states spending of { $claimed }, but the disbursements recorded total { $computed }
finding-claim-execution = the claim states an execution rate of { $claimed }, but it computes to { $computed }
finding-project-withdrawn = the project was withdrawn (effective { $date }, reason: { $reason }) and is left out of portfolios and totals
finding-spent-outside-period = { $count } disbursements totalling { $total } are dated ({ $dates }) outside the project's period { $start } to { $end }
finding-spent-above-arrived = spending { $spent } exceeds the funds arrived, { $arrived }
finding-spent-above-budget = spending { $spent } exceeds the current budget (全年预算数) { $budget }
finding-funds-short = funds arrived { $arrived } fall short of the current budget (全年预算数) { $budget } (arrival rate { $ratio })
finding-arrived-above-budget = funds arrived { $arrived } exceed the current budget (全年预算数) { $budget }
finding-budget-adjusted = the current budget was adjusted from { $from } to { $to } ({ $authority }, effective { $date }, reason: { $reason }); the execution rate against the budget before adjustments is { $ratio }
finding-budget-adjusted--fund = the current budget of { $fund } was adjusted from { $from } to { $to } ({ $authority }, effective { $date }, reason: { $reason }); the execution rate against the budget before adjustments is { $ratio }
finding-budget-adjusted--no-authority = the current budget was adjusted from { $from } to { $to } (no authority given, effective { $date }, reason: { $reason }); the execution rate against the budget before adjustments is { $ratio }
finding-budget-adjusted--fund-no-authority = the current budget of { $fund } was adjusted from { $from } to { $to } (no authority given, effective { $date }, reason: { $reason }); the execution rate against the budget before adjustments is { $ratio }
finding-target-adjusted = indicator “{ $name }”: target changed from { $from } to { $to } (effective { $date }, recorded { $recorded }, reason: { $reason })
finding-target-adjusted--after-cut = indicator “{ $name }”: target changed from { $from } to { $to }, after the budget cut (seq { $cut }, { $cut_date }) (effective { $date }, recorded { $recorded }, reason: { $reason })
finding-goal-withdrawn = annual goal “{ $text }” was withdrawn ({ $date }, reason: { $reason })
finding-goal-adjusted = annual goal “{ $text }” was adjusted ({ $date }, reason: { $reason })
finding-measurement-missing = indicator “{ $name }” has no actual
finding-assessment-missing = qualitative indicator “{ $name }” has no assessed tier (indicator.assessed)
finding-assessment-missing--text = indicator “{ $name }”, whose actual is text, has no assessed tier (indicator.assessed)
finding-target-far-exceeded = indicator “{ $name }”: the actual { $actual } is { $times } times the target { $target }: the target may have been set too low
finding-indicator-unscorable = indicator “{ $name }” ({ $id }) cannot be scored and scores 0: target “{ $target }”, actual “{ $actual }”; { $reason }
finding-actual-restates-target = indicator “{ $name }” ({ $id }): the actual restates the target (actual “{ $actual }”, target “{ $target }”); scored as met in full: check it and record the figure achieved
finding-weights-not-100 = the weights add up to { $total } points (execution rate { $execution } + indicators { $rows }), not 100: the total is not out of 100 and cannot be graded
finding-weights-mismatch = the weights of the { $name } indicators add up to { $assigned } points, not its { $expected } points
finding-weights-mismatch--empty = { $name } has { $points } points but the project has no { $name }: those points cannot be earned
finding-weights-mismatch--zero = scoring policy { $policy } gives { $name } 0 points: its { $count } indicators are not scored
finding-backdated = { $count } events were recorded more than { $days } days after their effective date (backdated)
finding-recorded-after-claim = { $count } events were recorded after the claim (seq { $seq }): the claim may not reflect them
finding-unsigned-event = the ledger requires signatures since seq { $since }, but { $count } events of the project carry no signature, { $before } of them recorded before that
finding-wrong-role = seq { $seq } ({ $type }) was signed by { $actor } ({ $role }), but role policy { $policy } lets only { $roles } record that type
finding-wrong-role--no-role = seq { $seq } ({ $type }) was signed by { $actor } ({ $role }), but role policy { $policy } lets no role record that type
finding-wrong-role--unknown = seq { $seq } ({ $type }) was signed by { $actor }, who was not registered before it
finding-wrong-role--revoked = seq { $seq } ({ $type }) was signed by { $actor }, who was revoked at seq { $revoked }

## audit's output (src/cli/evaluate.rs)

audit-finding = [{ $severity }] { $code } { $message }
audit-seqs = seqs: { $seqs }
severity-critical = Critical
severity-warning = Warning
severity-info = Info
