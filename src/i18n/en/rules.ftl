# rules messages (en)

## Ids and import keys (src/ids.rs)
id-invalid = { $what } "{ $value }" is not valid: { $why }
id-empty = must not be empty
id-too-long = is too long: { $count } characters, the limit is { $limit }
id-char = contains { $class } { $char }; ids may not contain control, whitespace, invisible or bidirectional control characters, < > &, quotes or path characters / \

## Ledger rules (src/ledger/project_rules.rs, append.rs)
rule-project-withdrawn = project { $project } was withdrawn (seq { $seq }, effective { $date }) and takes no { $type }; only corrections and reversals of its own events. If the withdrawal was a mistake, reverse seq { $seq } to reinstate it (jixiao reverse { $seq } --reason …)
rule-withdraw-without-money = project { $project } has funds arrived { $arrived } and spending { $spent }, which a withdrawal would drop from the totals: reverse those arrivals and disbursements first (jixiao reverse) and record them on the right project; if the project was cancelled, adjust its budget (budget adjust)
rule-voucher-unique = voucher { $voucher } is already used by disbursement seq { $seq } of project { $project }: a voucher number is recorded once per project
rule-what-disbursement = the disbursement of { $amount }
rule-what-correction = the correction of seq { $seq }
rule-what-reversal = the reversal of seq { $seq }
rule-spending-by-date = project { $project }: with { $what } (effective { $date }), spending by { $on } would be { $spent } but only { $arrived } had arrived by then (over by { $over }); spending may not precede its funds: { $covered }
rule-funds-covered-on = enough funds arrived only on { $date }; check the disbursement's effective date
rule-funds-never-covered = the funds never suffice
rule-import-key-reused = import key { $key } is already used by seq { $seq } of this project, with other content: a key stands for one line (give a new line a new key)
rule-narrative-section = section { $written } is one or two letters from the known section { $key } ({ $title }), probably a typo: write { $key } or { $title }; for another section, use a name clearly different from the known ones (shown under 其他 in the report)
