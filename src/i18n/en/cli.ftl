# cli messages (en)

## Notices after recording (src/cli/notices.rs)
notice-outside-period = note: seq { $seq } is effective { $date }, outside the period { $start } to { $end } of project { $project } (recorded all the same; correct the date if it is wrong)
notice-outside-period-line = note: line { $line } (seq { $seq }) is effective { $date }, outside the period { $start } to { $end } of project { $project } (recorded all the same; correct the date if it is wrong)
notice-outside-period-more = note: { $count } more events are effective outside their project's period
notice-skipped = skipped { $count } lines: import key already in the ledger ({ $examples })
notice-skipped-example = line { $line } { $key } → seq { $seq }
notice-skipped-more = and { $count } more lines
import-nothing-new = nothing new: the import keys of all { $count } lines are already in the ledger, which is unchanged (head seq { $seq })

## demo (src/cli/demo.rs)
demo-ledger-not-empty = ledger { $path } already holds { $count } events (head seq { $seq } { $hash }): demo writes only into a new or empty ledger and never appends the sample to an existing one. Give --ledger a new directory, or run it without --ledger (a new temporary directory each time)
demo-sample-present = this ledger holds the sample project; see it with: jixiao --ledger { $path } state { $project }
