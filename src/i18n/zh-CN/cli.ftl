# cli messages (zh-CN)

## 记录后的提示（src/cli/notices.rs）
notice-outside-period = 注意：seq { $seq } 的生效日期 { $date } 在项目 { $project } 的实施周期 { $start } 至 { $end } 之外（已照常记录；日期有误的请更正）
notice-outside-period-line = 注意：第 { $line } 行（seq { $seq }）的生效日期 { $date } 在项目 { $project } 的实施周期 { $start } 至 { $end } 之外（已照常记录；日期有误的请更正）
notice-outside-period-more = 注意：另有 { $count } 个事件的生效日期在其项目的实施周期之外
notice-skipped = 已跳过 { $count } 行：导入键已存在（{ $examples }）
notice-skipped-example = 第 { $line } 行 { $key } → seq { $seq }
notice-skipped-more = 等，另有 { $count } 行
import-nothing-new = 没有新事件：{ $count } 行的导入键都已在账本中，账本未变（head seq { $seq }）

## demo（src/cli/demo.rs）
demo-ledger-not-empty = 账本 { $path } 已有 { $count } 个事件（head seq { $seq } { $hash }）：demo 只写入新的或空的账本，不把示例项目追加到已有的账本中。请用 --ledger 指定一个新目录，或不带 --ledger 运行（每次使用新的临时目录）
demo-sample-present = 该账本已有示例项目，可直接查看：jixiao --ledger { $path } state { $project }
