# rules messages (en): the business rules' messages (src/ledger/rules.rs), as the library
# prints them; also read back as templates (see main.ftl).

rule-registered-once = project { $project } is already registered
rule-unknown-project = project { $project } is not registered (record project.registered first)
rule-replacement-indicator = a correction cannot refer to indicator { $id }, which project { $project } does not have
rule-replacement-goal = a correction cannot refer to goal { $id }, which project { $project } does not have
rule-indicator-defined = indicator { $id } is not defined in project { $project }
rule-indicator-unique = indicator { $id } is already defined in project { $project }
rule-goal-unique = goal { $id } is already set in project { $project }
rule-max-indicators = project { $project } already has { $limit } indicators, the limit MAX_INDICATORS_PER_PROJECT: indicator { $id } cannot be defined
rule-max-goals = project { $project } already has { $limit } goals, the limit MAX_GOALS_PER_PROJECT: goal { $id } cannot be set
rule-max-sections = project { $project } already has { $limit } narrative sections, the limit MAX_SECTIONS_PER_PROJECT: section { $section } cannot be recorded
rule-goal-active = goal { $id } of project { $project } was withdrawn
rule-goal-defined = goal { $id } is not set in project { $project }
rule-target-exists = seq { $seq } is not an event of project { $project }
rule-target-not-correction = seq { $seq } is itself a { $type }; correct the original event
rule-target-not-reversed = seq { $seq } of project { $project } is already reversed
rule-replacement-type = replacement type { $given } differs from seq { $seq }'s type { $type }
rule-registration-kept = seq { $seq } registers project { $project }; correct it instead of reversing it
rule-what-correction = the correction of seq { $seq }
rule-what-reversal = the reversal of seq { $seq }
rule-what-amount = this { $type } of { $amount }
rule-what-event = this { $type }
rule-spending-within-arrived = project { $project }: with { $what }, spending would be { $spent } but only { $arrived } has arrived: over by { $over }
rule-arrived-within-budget = project { $project }: with { $what }, funds arrived would be { $arrived } but the current budget (全年预算数) is { $budget }: over by { $over }
rule-amount-positive = amount { $value } of { $type } must be greater than zero
rule-known-policy = scoring policy { $policy } does not exist (known: { $known }; see jixiao policy list)
rule-level2-weight-name = the key { $key } of the 二级 weights is not a 二级 indicator name (e.g. 数量指标, 经济效益指标)
rule-tier-score = tier { $tier } needs an explicit score_ratio inside { $low }–{ $high }
rule-tier-band = score_ratio { $ratio } is outside the band { $low }–{ $high } of tier { $tier }
rule-points-at-most = { $field } is { $value }, above the full { $max } points (the 总分 is out of { $max } points: no weight or score exceeds it)

## Ids and import keys (src/ids.rs): why an id is refused, naming the character
id-key = import key { $value } is not valid: { $why }
why-char-control = must not contain control characters: { $char }
why-char-whitespace = must not contain whitespace: { $char }
why-char-invisible = must not contain invisible characters: { $char }
why-char-bidi = must not contain bidirectional control characters: { $char }
why-char-markup = must not contain < > or &: { $char }
why-char-quote = must not contain quotes: { $char }
why-char-path = must not contain path characters / or \: { $char }

## Rules on a project's standing, dates, duplicates and names (src/ledger/project_rules.rs, append.rs)
rule-project-withdrawn = project { $project } was withdrawn (seq { $seq }, effective { $date }) and takes no { $type }; only corrections and reversals of its own events. If the withdrawal was a mistake, reverse it to reinstate the project (jixiao reverse SEQ --reason …)
rule-withdraw-without-money = project { $project } has funds arrived { $arrived } and spending { $spent }, which a withdrawal would drop from the totals: reverse those arrivals and disbursements first (jixiao reverse) and record them on the right project; if the project was cancelled, adjust its budget instead (jixiao budget adjust)
rule-voucher-unique = voucher { $voucher } is already used by disbursement seq { $seq } of project { $project }: a voucher number is recorded once per project
rule-spending-by-date = project { $project }: with { $what } (effective { $date }), spending by { $on } would be { $spent } but only { $arrived } had arrived by then: over by { $over }; spending may not precede its funds, and enough had arrived only on { $covered_on }
rule-spending-by-date-never = project { $project }: with { $what } (effective { $date }), spending by { $on } would be { $spent } but only { $arrived } had arrived by then: over by { $over }; spending may not precede its funds, and enough never arrives
rule-import-key-reused = import key { $key } is already used by seq { $seq } of this project, with other content: a key stands for one line (give a new line a new key)
rule-narrative-section = section { $written } is one or two letters from the known section { $key } ({ $title }), probably a typo: write that section's key or Chinese name; for another section, use a name clearly different from the known ones (shown under 其他 in the report)

# Signatures and roles (src/ledger/signing.rs, issue 15).
rule-ledger-stream = project _ledger is the ledger-level stream: it takes only actor.* and ledger.* events, and those go nowhere else (here { $type } for project { $project })
rule-signature-required = this ledger requires signatures (ledger.configured at seq { $seq }): the { $type } by { $actor } carries none; sign it with --key NAME (a key registered with jixiao actor register)
rule-signature-admin = a { $type } is always signed by an admin (--key of an actor of role admin)
rule-signature-valid = the signature of { $actor } does not verify with its registered key { $key }: it was made over other content (type, project, effective date, data, actor, signed_at or ledger id differ) or with another key
rule-signer-registered = { $actor } is not a registered actor of this ledger: a signature by it cannot be accepted (an admin registers it with jixiao actor register)
rule-signer-not-revoked = actor { $actor } was revoked at seq { $seq } ({ $reason }): its signatures are no longer accepted
rule-signer-role = actor { $actor } has role { $role }, but { $type } may be recorded only by { $roles } (role policy { $policy })
rule-statement-once = this statement, signed by { $actor } at { $signed_at }, is already recorded as seq { $seq }: a signed statement is appended once per ledger (a replay is refused)
rule-signatures-need-format-2 = this ledger is format 1 (made before signatures): it cannot hold signed events nor require signatures; export it and import the lines into a new ledger to sign
rule-actor-id = the actor id is not valid: { $why }
rule-actor-unique = actor { $id } is already registered (seq { $seq }); revoke it first to register it again
rule-actor-known = actor { $id } is not registered, or already revoked
rule-actor-key = { $key } is not an Ed25519 verifier key: { $why }
rule-roles-known = role policy { $roles } is unknown (known: { $known })
