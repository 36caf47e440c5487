# rules messages (zh-CN)：业务规则的消息（src/ledger/rules.rs）。

rule-registered-once = 项目 { $project } 已登记
rule-unknown-project = 项目 { $project } 尚未登记（请先记录 project.registered：jixiao project register）
rule-replacement-indicator = 更正不能引用指标 { $id }：项目 { $project } 没有这个指标
rule-replacement-goal = 更正不能引用目标 { $id }：项目 { $project } 没有这个目标
rule-indicator-defined = 项目 { $project } 没有定义指标 { $id }
rule-indicator-unique = 项目 { $project } 已定义指标 { $id }
rule-goal-unique = 项目 { $project } 已设定目标 { $id }
rule-max-indicators = 项目 { $project } 已有 { $limit } 个绩效指标，达到上限 MAX_INDICATORS_PER_PROJECT，不能再定义指标 { $id }
rule-max-goals = 项目 { $project } 已有 { $limit } 个年度目标，达到上限 MAX_GOALS_PER_PROJECT，不能再设定目标 { $id }
rule-max-sections = 项目 { $project } 已有 { $limit } 个报告章节，达到上限 MAX_SECTIONS_PER_PROJECT，不能再记录章节 { $section }
rule-goal-active = 项目 { $project } 的目标 { $id } 已撤销
rule-goal-defined = 项目 { $project } 没有设定目标 { $id }
rule-target-exists = 序号 { $seq } 不是项目 { $project } 的事件
rule-target-not-correction = 序号 { $seq } 本身是{ $type }记录；请更正原事件
rule-target-not-reversed = 项目 { $project } 的序号 { $seq } 已冲销
rule-replacement-type = 替换内容的类型「{ $given }」与序号 { $seq } 的类型「{ $type }」不同
rule-registration-kept = 序号 { $seq } 登记了项目 { $project }；请更正它，而不是冲销
rule-what-correction = 更正序号 { $seq } 后
rule-what-reversal = 冲销序号 { $seq } 后
rule-what-amount = 记录这笔{ $type } { $amount }后
rule-what-event = 记录这条{ $type }后
rule-spending-within-arrived = 项目 { $project }：{ $what }，支出将为 { $spent }，但到位资金只有 { $arrived }，超出 { $over }
rule-arrived-within-budget = 项目 { $project }：{ $what }，到位资金将为 { $arrived }，但全年预算数只有 { $budget }，超出 { $over }
rule-amount-positive = { $type }的金额 { $value } 必须大于零
rule-known-policy = 评分规则「{ $policy }」不存在（可用：{ $known }；见 jixiao policy list）
rule-level2-weight-name = 二级分值的键「{ $key }」不是二级指标名称（如 数量指标、经济效益指标）
rule-tier-score = 评定等级 { $tier } 需要给出得分比例 score_ratio（{ $low }–{ $high } 之间）
rule-tier-band = 得分比例 score_ratio { $ratio } 不在评定等级 { $tier } 的区间 { $low }–{ $high } 内
rule-points-at-most = { $field } 为 { $value }，超过满分 { $max } 分（总分满分 { $max } 分，分值和得分都不能超过）

## 编号与导入键（src/ids.rs）：编号被拒的原因，指明字符
id-key = 导入键 { $value } 无效：{ $why }
why-char-control = 不得含控制字符：{ $char }
why-char-whitespace = 不得含空白字符：{ $char }
why-char-invisible = 不得含不可见字符：{ $char }（它会让两个编号看起来一样）
why-char-bidi = 不得含双向文本控制字符：{ $char }（它会改变文字的显示顺序）
why-char-markup = 不得含 < > 或 &：{ $char }
why-char-quote = 不得含引号：{ $char }
why-char-path = 不得含路径字符 / 或 \：{ $char }

## 项目状态、日期、重复与名称的规则（src/ledger/project_rules.rs、append.rs）
rule-project-withdrawn = 项目 { $project } 已撤销登记（序号 { $seq }，生效 { $date }），不再接受{ $type }；只能更正或冲销本项目已有的事件。撤销登记有误的，冲销那条撤销登记即恢复项目（jixiao reverse 序号 --reason …）
rule-withdraw-without-money = 项目 { $project } 已有到位资金 { $arrived }、支出 { $spent }，撤销登记会使这些资金从合计中消失：请先冲销（jixiao reverse）这些到位和支出记录并记到正确的项目；项目确已取消的，请调整预算（jixiao budget adjust）
rule-voucher-unique = 凭证号「{ $voucher }」已用于项目 { $project } 的支出（序号 { $seq }）：同一凭证号在一个项目内只能记录一次（重复录入无需再记；另一笔支出请核对凭证号）
rule-spending-by-date = 项目 { $project }：{ $what }（生效 { $date }），截至 { $on } 累计支出将为 { $spent }，但截至该日到位资金只有 { $arrived }，超出 { $over }；支出不得早于资金到位：到位资金到 { $covered_on } 才足够
rule-spending-by-date-never = 项目 { $project }：{ $what }（生效 { $date }），截至 { $on } 累计支出将为 { $spent }，但截至该日到位资金只有 { $arrived }，超出 { $over }；支出不得早于资金到位：到位资金一直不够
rule-import-key-reused = 导入键「{ $key }」已用于本项目的序号 { $seq }，但这一行的内容不同：一个导入键只代表一行（新的一行请换一个导入键）
rule-narrative-section = 章节名「{ $written }」与已知章节 { $key }（{ $title }）只差一两个字，疑为笔误：请写这个章节的键或中文名；确是另一章节的，请用与已知章节明显不同的名称（报告中列入“其他”）

# 签名与角色 (src/ledger/signing.rs, issue 15).
rule-ledger-stream = 项目 _ledger 是账本级事件流：只接受 actor.* 和 ledger.* 事件，这两类事件也只能记入其中（此处为项目 { $project } 的 { $type }）
rule-signature-required = 本账本要求签名（序号 { $seq } 的账本设置）：{ $actor } 记录的 { $type } 没有签名；请用 --key 名称 签名（该密钥须经 jixiao actor register 登记）
rule-signature-admin = { $type } 必须由管理员签名（角色为 admin 的操作人的 --key）
rule-signature-valid = { $actor } 的签名用其登记的密钥 { $key } 验证不通过：签名所覆盖的内容不同（类型、项目、生效日期、数据、操作人、签名时间或账本编号有变），或用的是另一把密钥
rule-signer-registered = { $actor } 不是本账本登记的操作人，其签名不能接受（由管理员用 jixiao actor register 登记）
rule-signer-not-revoked = 操作人 { $actor } 已于序号 { $seq } 注销（{ $reason }），其签名不再接受
rule-signer-role = 操作人 { $actor } 的角色是 { $role }，但 { $type } 只能由 { $roles } 记录（角色规则 { $policy }）
rule-statement-once = 这条签名陈述（{ $actor } 签于 { $signed_at }）已记录为序号 { $seq }：同一签名陈述在一个账本中只能追加一次（重放被拒绝）
rule-signatures-need-format-2 = 本账本是格式 1（签名功能之前创建），不能记录签名事件，也不能要求签名；请导出后导入新账本再签名
rule-actor-id = 操作人编号无效：{ $why }
rule-actor-unique = 操作人 { $id } 已登记（序号 { $seq }）；要重新登记请先注销
rule-actor-known = 操作人 { $id } 未登记或已注销
rule-actor-key = { $key } 不是 Ed25519 验证公钥：{ $why }
rule-roles-known = 角色规则 { $roles } 未知（已知：{ $known }）
