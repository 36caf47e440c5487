# cli messages (en): what the command line prints.

error = error: { $message }
io-error = I/O error: { $error }
option-error = { $option }: { $message }
init-done = initialised ledger { $id } at { $path }
policy-unknown = scoring policy「{ $policy }」does not exist (known: { $known })
policy-default = (default)
seq-missing = field { $field }: seq { $seq } does not exist (head is { $head })
level2-pair = --level2 { $value }: write it as 二级=points (e.g. --level2 数量指标=20)

## clap's words (English keeps clap's own; these are the Chinese layout's ids)

clap-usage-heading = Usage: 
clap-heading-commands = Commands
clap-heading-arguments = Arguments
clap-heading-options = Options
clap-value-command = COMMAND
clap-help-flag = Print help
clap-version-flag = Print version
clap-error = error: { $message }
clap-did-you-mean = { "  " }(did you mean { $suggestion }?)
clap-usage = Usage: { $usage }
clap-try-help = For more information, try '--help'.
clap-unknown-argument = unexpected argument { $arg }
clap-unknown-command = unrecognized subcommand { $command }
clap-missing-argument = the following required arguments were not provided: { $arg }
clap-missing-command = a subcommand is required (one of: { $valid })
clap-missing-value = { $arg } needs a value
clap-invalid-value = invalid value { $value } for { $arg } (possible values: { $valid })
clap-value-validation = invalid value { $value } for { $arg }: { $message }
clap-too-many-values = unexpected value { $value } for { $arg }
clap-conflict = { $arg } cannot be used with { $prior }
clap-invalid-utf8 = an argument is not valid UTF-8
clap-not-a-count = not a whole number (0, 1, 2, …)
clap-count-too-large = too large

## Dates and years typed at the command line

date-option-bad = { $option } { $value }: not a date; write it as 2024-05-09, 2024/05/09, 2024-5-9, 2024/5/9, 2024.05.09 or 2024年5月9日
date-option-range = { $option } { $value }: outside the years 2000–2100
year-short = { $option } { $value }: a year has four digits (2000–2100); did you mean { $suggestion }?
year-bad = { $option } { $value }: not a year of four digits between 2000 and 2100
period-reversed = the period ends ({ $end }) before it starts ({ $start })

## What a recording command recorded

recorded = recorded #{ $seq } { $what } effective { $effective } project { $project }
recorded-hash = seq { $seq }  hash { $hash }
amount-words = { $wan } ({ $yuan })
echo-allocated = { $type } { $amount } (source { $source })
echo-adjusted = { $type } { $amount } (reason: { $reason })
echo-arrived = { $type } { $amount }
echo-disbursed = { $type } { $amount } purpose: { $purpose }
echo-event = { $type }: { $text }
echo-corrected = { $type } of #{ $seq } → { $target } (reason: { $reason })
echo-corrected-redated = { $type } of #{ $seq } → { $target }, effective date now { $effective } (reason: { $reason })
echo-reversed = { $type } of #{ $seq } (reason: { $reason })
echo-claimed = { $type } { $score } points { $grade }
echo-claim-spent = { $claim } spent: { $amount }
echo-claim-ratio = { $claim } execution rate: { $ratio }
note-outside-period = note: the effective date { $effective } is outside project { $project }'s period ({ $start } to { $end })
note-dated-today = note: no --effective given, so recorded as of today, { $today }, which is outside project { $project }'s period ({ $start } to { $end }); to correct it: jixiao correct { $seq } --effective DATE --reason WHY

type-project-registered = project registration
type-project-withdrawn = project withdrawal
type-budget-allocated = budget allocation
type-budget-adjusted = budget adjustment
type-funds-arrived = funds arrived
type-funds-disbursed = disbursement
type-goal-set = goal set
type-goal-adjusted = goal adjusted
type-goal-withdrawn = goal withdrawn
type-goal-assessed = goal achieved
type-indicator-defined = indicator defined
type-indicator-target-adjusted = indicator target adjusted
type-indicator-measured = indicator measured
type-indicator-assessed = indicator assessed
type-narrative-recorded = report text
type-scoring-configured = scoring settings
type-evaluation-claimed = claimed evaluation
type-event-corrected = correction
type-event-reversed = reversal

## A figure without a unit that looks like a forgotten 万

implausible-amount = { $option } { $value } has no unit and would be recorded as { $yuan }: { $reason }. Did you mean { $value }万? If it really is { $value }元, add --confirm
implausible-budget = under a thousandth of project { $project }'s current budget (全年预算数) { $reference }
implausible-initial = under a thousandth of project { $project }'s initial budget (年初预算数) { $reference }
implausible-spent = under a thousandth of project { $project }'s recorded spending { $reference }
implausible-arrived = under a thousandth of project { $project }'s funds arrived { $reference }
implausible-no-budget = project { $project } has no budget yet, and no project budget is under 1万元

## Corrections

correct-nothing = correct #{ $seq }: nothing to correct; give the fields to change (--amount, --purpose, --effective, …) or --data
correct-identical = correct #{ $seq } ({ $type }): the correction is identical to the event as it stands; nothing was written
correct-change = correct #{ $seq } { $type }: { $changes }
correct-field-change = { $field } { $before } → { $after }
correct-absent = (none)
correct-flag-not-for-type = { $flag }: #{ $seq } is a { $kind } ({ $type }), which has no such field; its flags: { $flags }
correct-data-not-json = field { $field }: not JSON: { $message }

field-amount = amount
field-purpose = purpose
field-category = category
field-payee = payee
field-voucher = voucher
field-source = source
field-doc = document
field-fund = fund
field-authority = authority
field-reason = reason
field-text = text
field-name = name
field-department = department
field-year = year
field-period-start = period start
field-period-end = period end
field-target = target
field-actual = actual
field-weight = weight
field-tier = tier
field-score = score
field-grade = grade
field-spent = spent
field-effective = effective date

## Reading, verifying, importing, the demo

cannot-read = cannot read { $path }: { $error }
out-not-a-file = --out { $path }: not a path to a file
out-inside-ledger = --out { $path }: output files may not be written inside the ledger directory { $ledger } (resolved as { $resolved }), where they could overwrite the ledger's own files
cannot-write = cannot write { $path }: { $error }
log-type-unknown = --type { $value } is not an event type (known: { $known })
show-seq-missing = seq { $seq } does not exist (head is { $head })
exported = exported { $count } events to { $path }
head-bad = --head { $value }: not SEQ:HASH (expected the seq, a colon and the 64 hex digits of that event's hash, e.g. 65:{ $zeros })
verify-ok = ok: { $count } events verified, { $head }
verify-head-empty = empty
verify-head = head seq { $seq } { $hash } (keep this head: `--head { $seq }:{ $hash }` later proves a copy extends it; a truncated copy verifies with its own, shorter head)
verify-head-kept = head seq { $seq } { $hash }, extends the kept head seq { $kept } { $kept_hash }
verify-failed = verification failed: { $message }
verify-failed-at = verification failed at seq { $seq }: { $message }
verify-failed-at-intact = verification failed at seq { $seq }: { $message } ({ $count } events before it are intact)
import-progress = imported { $count } lines…
import-empty = { $path }: no events (the input is empty or only blank lines)
imported = imported { $count } events: seq { $first }–{ $last }  head { $hash }
imported-one = imported 1 event: seq { $first }  head { $hash }
project-not-in-view = project { $project } is not registered in this view of the ledger
project-no-events = project { $project } has no events
report-format = --format { $value }: expected md, html, json, xlsx, pdf or docx
report-wrote = wrote { $path } (digest { $digest }, head seq { $seq })
verify-report-ok = ok: { $path } matches the ledger at head seq { $seq } (digest { $digest })
verify-report-later = note: { $count } events of { $project } were recorded after this report (seq { $seqs }); it does not reflect them
report-field-differs = { $pointer }: the report says { $quoted }, recomputed { $recomputed }
report-key-unknown = unknown key at { $pointer } (the report has { $quoted }): the recomputed report has no such key
report-key-missing = missing key at { $pointer }: the recomputed report has it, { $recomputed }
demo-ledger = ledger: { $path }
demo-recorded = recorded { $count } events of the sample (simulated clock: each stamped on its effective day)
demo-missing = the sample project is missing
demo-reports = reports (digest { $digest }, head seq { $seq }):
demo-next = next:

## Notices after importing (src/cli/notices.rs) and demo's refusal (src/cli/demo.rs)
note-outside-period-line = note: line { $line } (seq { $seq }) is effective { $effective }, outside the period ({ $start } to { $end }) of project { $project }
note-outside-period-more = note: { $count } more events are effective outside their project's period
notice-skipped = skipped { $count } lines: import key already in the ledger ({ $examples })
notice-skipped-example = line { $line } { $key } → seq { $seq }
notice-skipped-more = and { $count } more lines
import-nothing-new = nothing new: the import keys of all { $count } lines are already in the ledger, which is unchanged (head seq { $seq })
demo-ledger-not-empty = ledger { $path } already holds { $count } events (head seq { $seq } { $hash }): demo writes only into a new or empty ledger and never appends the sample to an existing one. Give --ledger a new directory, or run it without --ledger (a new temporary directory each time)
demo-ledger-has-sample = ledger { $path } already holds { $count } events (head seq { $seq } { $hash }): demo writes only into a new or empty ledger and never appends the sample to an existing one. Give --ledger a new directory, or run it without --ledger (a new temporary directory each time). This ledger holds the sample project; see it with: jixiao --ledger { $path } state { $project }

# Signing and actors (src/cli/sign.rs).
sign-needs-key = this command records a signed event: give --key NAME (a key in the key directory, see jixiao key new)
actor-role-unknown = role { $role } is unknown: clerk (经办), head (单位负责人), finance (财政), auditor (审计) or admin (管理员)
actor-list-signed = signatures required since seq { $seq }; role policy { $policy }
actor-list-unsigned = signatures not required (unsigned ledger); role policy { $policy }
actor-active = registered at seq { $seq }
actor-revoked = revoked at seq { $seq } ({ $reason })
actor-line = { $id }  { $role }  { $department }  { $standing }  may record: { $types }  key { $key }
type-actor-registered = actor registration
type-actor-revoked = actor revocation
type-ledger-configured = ledger setting
## Names inside library messages (src/i18n/names.rs, translate.rs): event types, rules

type-in-text = { $name }
rule-violation-named = rule { $rule } ({ $name }): { $message }
rule-name-project-registered-once = a project is registered once
rule-name-unknown-project = a project is registered first
rule-name-replacement-ids = a correction refers to ids that exist
rule-name-indicator-defined = an indicator is defined first
rule-name-indicator-unique = indicator ids are unique
rule-name-goal-unique = goal ids are unique
rule-name-goal-defined = a goal is set first
rule-name-goal-active = a withdrawn goal takes no more events
rule-name-target-form = a target can be read
rule-name-target-exists = corrections and reversals target an event of their project
rule-name-target-not-correction = the original event is corrected or reversed, not a correction
rule-name-target-not-reversed = a reversed event is not corrected or reversed again
rule-name-replacement-type = a correction keeps the event's type
rule-name-registration-kept = a registration is corrected, not reversed
rule-name-spending-within-arrived = spending within funds arrived
rule-name-spending-within-arrived-by-date = spending within funds arrived by each date
rule-name-arrived-within-budget = funds arrived within the current budget
rule-name-amount-positive = amounts are greater than zero
rule-name-known-policy = the scoring policy exists
rule-name-level2-weight-name = 二级 weights are keyed by 二级 names
rule-name-tier-score = 部分达成 and 未达成 need a score ratio
rule-name-tier-band = the score ratio lies in its tier's band
rule-name-project-withdrawn = a withdrawn project takes no new events
rule-name-withdraw-without-money = a project with funds arrived or spent is not withdrawn
rule-name-voucher-unique = a voucher number is recorded once per project
rule-name-weight-at-most-100 = a weight is at most 100 points
rule-name-score-at-most-100 = a claimed score is at most 100 points
rule-name-import-key-unique = an import key stands for one line
rule-name-narrative-section = a section name is not a near miss of a known one
rule-name-indicators-per-project = a project defines at most MAX_INDICATORS_PER_PROJECT indicators
rule-name-goals-per-project = a project sets at most MAX_GOALS_PER_PROJECT goals
rule-name-sections-per-project = a project records at most MAX_SECTIONS_PER_PROJECT narrative sections
rule-name-text-no-control = text has no control characters
rule-name-no-duplicate-keys = a key appears once in an object
rule-name-recorded-in-order = recording times never go backwards
rule-name-signature-required = a signed ledger takes signed events only
rule-name-signer-registered = the signer is a registered actor
rule-name-signer-not-revoked = a revoked actor signs nothing more
rule-name-signer-role = the signer's role may record the event's type
rule-name-signature-valid = the signature verifies over the event's statement
rule-name-statement-once = a signed statement is recorded once
rule-name-ledger-stream = actor and ledger events belong to the ledger stream _ledger
rule-name-actor-unique = an actor is registered once
rule-name-actor-known = a revoked actor is a registered one
rule-name-actor-key = an actor's verifier key is its id's key
rule-name-roles-known = the role policy exists
rule-name-signatures-need-format-2 = signatures need envelope format 2

## state as text (src/cli/state_text.rs)

state-title = { $name } ({ $project })  { $department }  year { $year }
state-withdrawn = withdrawn: seq { $seq }, effective { $date }, reason: { $reason } (left out of portfolios and totals)
state-col-item = item
state-col-amount = amount (万元)
state-col-ratio = ratio
state-initial = initial budget
state-budget = current budget
state-arrived = arrived (arrival rate)
state-spent = spent (execution rate)
state-initial-ratio = execution rate against the initial budget
state-balance = balance (arrived − spent)
state-col-fund = fund
state-col-arrived = arrived
state-col-spent = spent
state-col-execution = execution rate
state-fund-total = total
state-fund-of = of which { $fund }
state-adjustment = budget adjustment #{ $seq }: { $fund }{ $from } → { $to }, effective { $date }, recorded { $recorded }, { $authority }{ $reason }
state-col-category = category
state-col-goal = goal
state-col-status = status
state-col-goal-text = text / reason
state-goal-active = active
state-goal-adjusted = adjusted
state-goal-withdrawn = withdrawn
state-col-level1 = level 1
state-col-level2 = level 2
state-col-indicator = indicator
state-col-target = target
state-col-actual = actual
state-col-met = met
state-target-was = { $target } (was { $was })
state-met-yes = yes
state-met-no = no
tier-achieved = achieved
tier-partial = partly achieved
tier-not-achieved = not achieved
state-claimed = claimed: { $score } points { $grade } (seq { $seq })

## Echo and timeline additions (issue 15 walk-through)

echo-adjusted-authority = { $type } { $amount } (authority: { $authority }; reason: { $reason })
echo-source-initial = initial budget
echo-text-project-registered = { $type }: { $name } ({ $department }, year { $year })
echo-text-reason = { $type } (reason: { $reason })
echo-text-item = { $type } { $id }: { $text }
echo-text-item-reason = { $type } { $id }: { $text } (reason: { $reason })
echo-text-id-reason = { $type } { $id } (reason: { $reason })
echo-text-indicator-defined = { $type } { $id } { $path }, target { $target }
echo-text-target-adjusted = { $type } { $id }: target now { $target } (reason: { $reason })
echo-text-measured = { $type } { $id }: actual { $actual }
echo-text-assessed = { $type } { $id }: { $tier }
echo-text-narrative = { $type } { $section } ({ $chars } characters)
echo-text-scoring = { $type } { $policy }
echo-text-actor-registered = { $type } { $id }, role { $role }, department { $department }
echo-text-ledger-configured = { $type }: signatures required, role policy { $roles }

## score and policy show (src/cli/score_text.rs)

score-policy-title = { $id }: { $title }
score-policy-source = source: { $source }
score-policy-weights = weights: { $weights_en }
score-policy-bare = bare target (no comparator): { $rule }
score-bare-floor = read as a floor (≥)
score-bare-exact = read as equal (=)
score-policy-le-unmet = ≤ unmet: { $rule }
score-policy-rounding = row scores: { $rule }
score-rounding-exact = exact; only the total is rounded half up to 2 decimals
score-rounding-whole = each row rounded half up to whole points
score-policy-far-over = far over: actual ≥ target × { $ratio }
score-policy-grades = grades: { $bands }, otherwise 差
score-policy-level2 = level-2 weights: { $weights_en }
score-col-indicator = indicator
score-col-weight = points
score-col-target = target
score-col-actual = actual
score-col-target-read = target read as
score-col-actual-read = actual read as
score-col-score = score
score-col-why = why
score-execution = execution rate
score-total = total { $total } (weights add up to { $weights }), grade { $grade }
score-warning = warning: { $message }
score-critical = critical: { $message }

## history's corrections and reversals (src/cli/query.rs)

history-corrects = corrects #{ $seq }{ $rest }
history-reverses = reverses #{ $seq }{ $rest }
verify-signatures-unchecked = note: an export holds no ledger id, so the signatures of its { $count } signed events were not checked (only their signers' registration and roles); add --ledger-id ID (as init printed it and reports quote it) to check them
rule-name-checkpoint-signer = a checkpoint is signed by an admin
