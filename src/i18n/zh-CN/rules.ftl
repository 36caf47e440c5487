# rules messages (zh-CN)：业务规则的消息（src/ledger/rules.rs）。

rule-registered-once = 项目 { $project } 已登记
rule-unknown-project = 项目 { $project } 尚未登记（请先记录 project.registered：jixiao project register）
rule-replacement-indicator = 更正不能引用指标 { $id }：项目 { $project } 没有这个指标
rule-replacement-goal = 更正不能引用目标 { $id }：项目 { $project } 没有这个目标
rule-indicator-defined = 项目 { $project } 没有定义指标 { $id }
rule-indicator-unique = 项目 { $project } 已定义指标 { $id }
rule-goal-unique = 项目 { $project } 已设定目标 { $id }
rule-goal-active = 项目 { $project } 的目标 { $id } 已撤销
rule-goal-defined = 项目 { $project } 没有设定目标 { $id }
rule-target-exists = 序号 { $seq } 不是项目 { $project } 的事件
rule-target-not-correction = 序号 { $seq } 本身是 { $type }；请更正原事件
rule-target-not-reversed = 项目 { $project } 的序号 { $seq } 已冲销
rule-replacement-type = 替换内容的类型 { $given } 与序号 { $seq } 的类型 { $type } 不同
rule-registration-kept = 序号 { $seq } 登记了项目 { $project }；请更正它，而不是冲销
rule-what-correction = 更正序号 { $seq } 后
rule-what-reversal = 冲销序号 { $seq } 后
rule-what-amount = 记录这笔 { $type }（{ $amount }）后
rule-what-event = 记录这条 { $type } 后
rule-spending-within-arrived = 项目 { $project }：{ $what }，支出将为 { $spent }，但到位资金只有 { $arrived }，超出 { $over }
rule-arrived-within-budget = 项目 { $project }：{ $what }，到位资金将为 { $arrived }，但全年预算数只有 { $budget }，超出 { $over }
rule-amount-positive = { $type } 的金额 { $value } 必须大于零
rule-known-policy = 评分规则「{ $policy }」不存在（可用：{ $known }；见 jixiao policy list）
rule-level2-weight-name = 二级分值的键「{ $key }」不是二级指标名称（如 数量指标、经济效益指标）
rule-tier-score = 评定等级 { $tier } 需要给出得分比例 score_ratio（{ $low }–{ $high } 之间）
rule-tier-band = 得分比例 score_ratio { $ratio } 不在评定等级 { $tier } 的区间 { $low }–{ $high } 内
