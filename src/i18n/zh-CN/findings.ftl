# findings messages (zh-CN)：审计发现的文字（src/findings/、src/scoring/weights.rs），与库写出的
# 中文逐字相同：命令行按发现的代码用这些模板把中文读回为参数，再以所选语言显示
# （src/i18n/findings.rs）。同一代码的几种写法以 --变体 区分。

finding-claim-missing = 尚未记录单位自评得分和等级 (evaluation.claimed)
finding-claim-matches = 自评得分 { $score }分/{ $grade } 与按 { $policy } 计算的 { $total }分/{ $computed } 一致
finding-claim-score = 自评得分 { $score }分/{ $grade } 与按 { $policy } 计算的 { $total }分/{ $computed } 不一致
finding-claim-spent = 自评实际支出 { $claimed }，而支出记录合计 { $computed }
finding-claim-execution = 自评预算执行率 { $claimed }，而计算结果为 { $computed }
finding-project-withdrawn = 项目已撤销登记（{ $date }生效，理由: { $reason }），不计入项目一览和合计
finding-spent-outside-period = { $count } 笔支出共 { $total } 的日期（{ $dates }）在项目实施周期 { $start } 至 { $end } 之外
finding-spent-above-arrived = 支出 { $spent } 超过到位资金 { $arrived }
finding-spent-above-budget = 支出 { $spent } 超过全年预算数 { $budget }
finding-funds-short = 到位资金 { $arrived } 低于全年预算数 { $budget } (到位率 { $ratio })
finding-arrived-above-budget = 到位资金 { $arrived } 超过全年预算数 { $budget }
finding-budget-adjusted = 全年预算由 { $from } 调整为 { $to } ({ $authority }，{ $date }生效，理由: { $reason })；按调整前预算计算的执行率为 { $ratio }
finding-budget-adjusted--fund = { $fund }全年预算由 { $from } 调整为 { $to } ({ $authority }，{ $date }生效，理由: { $reason })；按调整前预算计算的执行率为 { $ratio }
finding-budget-adjusted--no-authority = 全年预算由 { $from } 调整为 { $to } (未注明调整机关，{ $date }生效，理由: { $reason })；按调整前预算计算的执行率为 { $ratio }
finding-budget-adjusted--fund-no-authority = { $fund }全年预算由 { $from } 调整为 { $to } (未注明调整机关，{ $date }生效，理由: { $reason })；按调整前预算计算的执行率为 { $ratio }
finding-target-adjusted = 指标「{ $name }」预期值由 { $from } 调整为 { $to }（{ $date }生效，{ $recorded }记录，理由: { $reason }）
finding-target-adjusted--after-cut = 指标「{ $name }」预期值由 { $from } 调整为 { $to }，在预算调减 (seq { $cut }, { $cut_date }) 之后（{ $date }生效，{ $recorded }记录，理由: { $reason }）
finding-goal-withdrawn = 年度目标「{ $text }」已撤销（{ $date }，理由: { $reason }）
finding-goal-adjusted = 年度目标「{ $text }」已调整（{ $date }，理由: { $reason }）
finding-measurement-missing = 指标「{ $name }」没有实现值
finding-assessment-missing = 定性指标「{ $name }」没有评定等级 (indicator.assessed)
finding-assessment-missing--text = 实现值为文字的指标「{ $name }」没有评定等级 (indicator.assessed)
finding-target-far-exceeded = 指标「{ $name }」实现值 { $actual } 为预期值 { $target } 的 { $times } 倍：预期值可能设定过低
finding-indicator-unscorable = 指标「{ $name }」({ $id }) 无法评分，按 0 分计：预期值「{ $target }」，实现值「{ $actual }」；{ $reason }
finding-actual-restates-target = 指标「{ $name }」({ $id }) 实现值照抄预期值：实现值「{ $actual }」，预期值「{ $target }」；按达成计满分，请核实并记录实际完成数
finding-weights-not-100 = 各部分分值合计 { $total } 分（预算执行率 { $execution } + 各三级指标 { $rows }），不等于 100 分：总分不是百分制，不能据此定级
finding-weights-mismatch = { $name }各三级指标分值合计 { $assigned } 分，与其分值 { $expected } 分不符
finding-weights-mismatch--empty = { $name }分值 { $points } 分，但没有{ $name }：这部分分数无法取得
finding-weights-mismatch--zero = 评分规则 { $policy } 的{ $name }分值为 0 分：其 { $count } 个三级指标不计分
finding-backdated = { $count } 个事件在生效日期 { $days } 天之后才记录（补录）
finding-recorded-after-claim = { $count } 个事件在自评结果 (seq { $seq }) 之后记录，自评可能未反映这些变化
finding-unsigned-event = 账本自序号 { $since } 起要求签名，本项目有 { $count } 个事件没有签名，其中 { $before } 个记录于要求签名之前
finding-wrong-role = 序号 { $seq } 的 { $type } 由 { $actor }（{ $role }）签名，而角色规则 { $policy } 只允许{ $roles }记录此类型
finding-wrong-role--no-role = 序号 { $seq } 的 { $type } 由 { $actor }（{ $role }）签名，而角色规则 { $policy } 不允许任何角色记录此类型
finding-wrong-role--unknown = 序号 { $seq } 的 { $type } 由 { $actor } 签名，而该签名者在此之前未登记
finding-wrong-role--revoked = 序号 { $seq } 的 { $type } 由 { $actor } 签名，而该签名者已于序号 { $revoked } 注销

## audit 的输出（src/cli/evaluate.rs）

audit-finding = [{ $severity }] { $code } { $message }
audit-seqs = 序号：{ $seqs }
severity-critical = 严重
severity-warning = 警告
severity-info = 提示
