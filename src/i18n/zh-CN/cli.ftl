# cli messages (zh-CN)：命令行输出的文字。

error = 错误：{ $message }
io-error = 输入输出错误：{ $error }
option-error = { $option }：{ $message }
init-done = 已新建账本 { $id }，位于 { $path }
policy-unknown = 评分规则「{ $policy }」不存在（可用：{ $known }）
policy-default = （默认）
seq-missing = 字段 { $field }：序号 { $seq } 不存在（账本头为 { $head }）
level2-pair = --level2 { $value }：应写作 二级名称=分值（如 --level2 数量指标=20）

## clap 的文字

clap-usage-heading = 用法：
clap-heading-commands = 命令
clap-heading-arguments = 参数
clap-heading-options = 选项
clap-value-command = 命令
clap-help-flag = 显示帮助
clap-version-flag = 显示版本
clap-error = 错误：{ $message }
clap-did-you-mean = （是否想用 { $suggestion }？）
clap-usage = 用法：{ $usage }
clap-try-help = 更多信息请运行 --help
clap-unknown-argument = 未知选项 { $arg }
clap-unknown-command = 未知命令 { $command }
clap-missing-argument = 缺少参数 { $arg }
clap-missing-command = 缺少命令（可用：{ $valid }）
clap-missing-value = 选项 { $arg } 缺少值
clap-invalid-value = 选项 { $arg } 的值 { $value } 无效（可用：{ $valid }）
clap-value-validation = 参数 { $arg } 的值 { $value } 无效：{ $message }
clap-too-many-values = 参数 { $arg } 多了一个值 { $value }
clap-conflict = 选项 { $arg } 不能与 { $prior } 同时使用
clap-invalid-utf8 = 有参数不是有效的 UTF-8
clap-not-a-count = 不是非负整数（0、1、2 …）
clap-count-too-large = 数值过大

## 命令行中的日期与年度

date-option-bad = { $option } { $value }：无法识别的日期；可写作 2024-05-09、2024/05/09、2024-5-9、2024/5/9、2024.05.09 或 2024年5月9日
date-option-range = { $option } { $value }：不在 2000 至 2100 年之间
year-short = { $option } { $value }：年度应为四位数（2000–2100）；是否应为 { $suggestion }？
year-bad = { $option } { $value }：不是 2000 至 2100 之间的四位数年度
period-reversed = 实施周期的结束日期（{ $end }）早于开始日期（{ $start }）

## 记录命令的回显

recorded = 已记录 #{ $seq } { $what } 生效 { $effective } 项目 { $project }
recorded-hash = 序号 { $seq }  哈希 { $hash }
amount-words = { $wan }（{ $yuan }）
echo-allocated = { $type } { $amount } 来源：{ $source }
echo-adjusted = { $type } { $amount } 理由：{ $reason }
echo-arrived = { $type } { $amount }
echo-disbursed = { $type } { $amount } 用途：{ $purpose }
echo-event = { $text }
echo-corrected = { $type } #{ $seq } → { $target }（理由：{ $reason }）
echo-corrected-redated = { $type } #{ $seq } → { $target }，生效日期改为 { $effective }（理由：{ $reason }）
echo-reversed = { $type } #{ $seq }（理由：{ $reason }）
echo-claimed = { $type } { $score }分 { $grade }
echo-claim-spent = { $claim } 全年执行数：{ $amount }
echo-claim-ratio = { $claim } 预算执行率：{ $ratio }
note-outside-period = 注意：生效日期 { $effective } 不在项目 { $project } 的实施周期（{ $start } 至 { $end }）内
note-dated-today = 注意：未给 --effective，按今天 { $today } 记录；该日期不在项目 { $project } 的实施周期（{ $start } 至 { $end }）内，如需更正：jixiao correct { $seq } --effective 日期 --reason 原因

type-project-registered = 项目登记
type-project-withdrawn = 撤销登记
type-budget-allocated = 预算下达
type-budget-adjusted = 预算调整
type-funds-arrived = 资金到位
type-funds-disbursed = 支出
type-goal-set = 设定目标
type-goal-adjusted = 调整目标
type-goal-withdrawn = 撤销目标
type-goal-assessed = 目标完成情况
type-indicator-defined = 设定指标
type-indicator-target-adjusted = 调整指标值
type-indicator-measured = 指标实现值
type-indicator-assessed = 指标评定
type-narrative-recorded = 报告文字
type-scoring-configured = 评分设置
type-evaluation-claimed = 自评结果
type-event-corrected = 更正
type-event-reversed = 冲销

## 没有单位、像是漏写了“万”的金额

implausible-amount = { $option } { $value } 没有单位，将按 { $yuan } 记录：{ $reason }。是否应为 { $value }万？若确为 { $value }元，请加 --confirm
implausible-budget = 不到项目 { $project } 全年预算数 { $reference }的千分之一
implausible-initial = 不到项目 { $project } 年初预算数 { $reference }的千分之一
implausible-spent = 不到项目 { $project } 支出记录合计 { $reference }的千分之一
implausible-arrived = 不到项目 { $project } 到位资金 { $reference }的千分之一
implausible-no-budget = 项目 { $project } 尚无预算，而项目预算不会少于 1万元

## 更正

correct-nothing = 更正 #{ $seq }：没有要更正的内容；请给出要改的字段（--amount、--purpose、--effective …）或 --data
correct-identical = 更正 #{ $seq }（{ $type }）：更正后的内容与现状相同，未写入任何内容
correct-change = 更正 #{ $seq } { $type }：{ $changes }
correct-field-change = { $field } { $before } → { $after }
correct-absent = （无）
correct-flag-not-for-type = { $flag }：#{ $seq } 是 { $kind }（{ $type }），没有这个字段；可用：{ $flags }
correct-data-not-json = 字段 { $field }：不是 JSON：{ $message }

field-amount = 金额
field-purpose = 用途
field-category = 支出类别
field-payee = 收款单位
field-voucher = 凭证号
field-source = 来源
field-doc = 文号
field-fund = 资金来源
field-authority = 调整机关
field-reason = 理由
field-text = 内容
field-name = 名称
field-department = 预算部门
field-year = 评价年度
field-period-start = 实施周期开始日期
field-period-end = 实施周期结束日期
field-target = 年度指标值
field-actual = 实际完成值
field-weight = 分值
field-tier = 评定等级
field-score = 得分
field-grade = 等级
field-spent = 全年执行数
field-effective = 生效日期

## 查看、校验、导入与演示

cannot-read = 无法读取 { $path }：{ $error }
out-not-a-file = --out { $path }：不是文件路径
out-inside-ledger = --out { $path }：输出文件不得写在账本目录 { $ledger } 之内（解析为 { $resolved }），否则会覆盖账本自己的文件
cannot-write = 无法写入 { $path }：{ $error }
log-type-unknown = --type { $value } 不是事件类型（可用：{ $known }）
show-seq-missing = 序号 { $seq } 不存在（账本头为 { $head }）
exported = 已导出 { $count } 个事件到 { $path }
head-bad = --head { $value }：不是 SEQ:HASH（应为序号、冒号和该事件哈希的 64 位十六进制数，如 65:{ $zeros }）
verify-ok = 完好：已校验 { $count } 个事件，{ $head }
verify-head-empty = 账本为空
verify-head = 账本头 序号 { $seq } 哈希 { $hash }（请保存此账本头：日后用 `--head { $seq }:{ $hash }` 可证明副本是它的延续；被截短的副本只能以自己较短的账本头通过校验）
verify-head-kept = 账本头 序号 { $seq } 哈希 { $hash }，是所保存账本头 序号 { $kept } { $kept_hash } 的延续
verify-failed = 校验失败：{ $message }
verify-failed-at = 校验失败，序号 { $seq }：{ $message }
verify-failed-at-intact = 校验失败，序号 { $seq }：{ $message }（此前 { $count } 个事件完好）
import-progress = 已导入 { $count } 行…
import-empty = { $path }：没有事件（输入为空或只有空行）
imported = 已导入 { $count } 个事件：序号 { $first }–{ $last }  账本头 { $hash }
imported-one = 已导入 1 个事件：序号 { $first }  账本头 { $hash }
project-not-in-view = 项目 { $project } 在此视图中未登记
project-no-events = 项目 { $project } 没有事件
report-format = --format { $value }：应为 md、html、json、xlsx、pdf 或 docx
report-wrote = 已写入 { $path }（摘要 { $digest }，账本头序号 { $seq }）
verify-report-ok = 完好：{ $path } 与账本一致，账本头序号 { $seq }（摘要 { $digest }）
verify-report-later = 注意：项目 { $project } 在此报告之后又记录了 { $count } 个事件（序号 { $seqs }），报告未包含
report-field-differs = 字段 { $pointer }：报告中为 { $quoted }，重算为 { $recomputed }
report-key-unknown = 未知的键 { $pointer }（报告中为 { $quoted }）：重算的报告没有这个键
report-key-missing = 缺少键 { $pointer }：重算的报告有这个键，为 { $recomputed }
demo-ledger = 账本：{ $path }
demo-recorded = 已记录示例的 { $count } 个事件（模拟时钟：每个事件记为其生效当日记录）
demo-missing = 示例项目不在账本中
demo-reports = 报告（摘要 { $digest }，账本头序号 { $seq }）：
demo-next = 接下来：

## 导入后的提示（src/cli/notices.rs）与 demo 的拒绝（src/cli/demo.rs）
note-outside-period-line = 注意：第 { $line } 行（序号 { $seq }）的生效日期 { $effective } 不在项目 { $project } 的实施周期（{ $start } 至 { $end }）内
note-outside-period-more = 注意：另有 { $count } 个事件的生效日期不在其项目的实施周期内
notice-skipped = 已跳过 { $count } 行：导入键已存在（{ $examples }）
notice-skipped-example = 第 { $line } 行 { $key } → 序号 { $seq }
notice-skipped-more = 等，另有 { $count } 行
import-nothing-new = 没有新事件：{ $count } 行的导入键都已在账本中，账本未变（账本头序号 { $seq }）
demo-ledger-not-empty = 账本 { $path } 已有 { $count } 个事件（账本头序号 { $seq } { $hash }）：demo 只写入新的或空的账本，不把示例项目追加到已有的账本中。请用 --ledger 指定一个新目录，或不带 --ledger 运行（每次使用新的临时目录）
demo-ledger-has-sample = 账本 { $path } 已有 { $count } 个事件（账本头序号 { $seq } { $hash }）：demo 只写入新的或空的账本，不把示例项目追加到已有的账本中。请用 --ledger 指定一个新目录，或不带 --ledger 运行（每次使用新的临时目录）。该账本已有示例项目，可直接查看：jixiao --ledger { $path } state { $project }

# 签名与操作人 (src/cli/sign.rs).
sign-needs-key = 此命令记录签名事件：请给出 --key 名称（密钥目录中的密钥，见 jixiao key new）
actor-role-unknown = 角色 { $role } 未知：clerk（经办）、head（单位负责人）、finance（财政）、auditor（审计）或 admin（管理员）
actor-list-signed = 自序号 { $seq } 起要求签名；角色规则 { $policy }
actor-list-unsigned = 不要求签名（未签名账本）；角色规则 { $policy }
actor-active = 登记于序号 { $seq }
actor-revoked = 已于序号 { $seq } 注销（{ $reason }）
actor-line = { $id }  { $role }  { $department }  { $standing }  可记录：{ $types }  公钥 { $key }
type-actor-registered = 登记操作人
type-actor-revoked = 注销操作人
type-ledger-configured = 账本设置
## 库的消息中的名称（src/i18n/names.rs、translate.rs）：事件类型、规则

type-in-text = { $label }
rule-violation-named = 违反规则「{ $name }」（{ $rule }）：{ $message }
rule-name-project-registered-once = 项目只登记一次
rule-name-unknown-project = 项目须先登记
rule-name-replacement-ids = 更正引用的编号须已存在
rule-name-indicator-defined = 指标须先设定
rule-name-indicator-unique = 指标编号不重复
rule-name-goal-unique = 目标编号不重复
rule-name-goal-defined = 目标须先设定
rule-name-goal-active = 已撤销的目标不再记录
rule-name-target-form = 指标值须读得懂
rule-name-target-exists = 更正、冲销的须是本项目的事件
rule-name-target-not-correction = 更正、冲销原事件，而非更正记录
rule-name-target-not-reversed = 已冲销的事件不再更正或冲销
rule-name-replacement-type = 更正不改变事件类型
rule-name-registration-kept = 项目登记只更正、不冲销
rule-name-spending-within-arrived = 支出不超过到位资金
rule-name-spending-within-arrived-by-date = 支出不超过截至当日的到位资金
rule-name-arrived-within-budget = 到位资金不超过全年预算数
rule-name-amount-positive = 金额大于零
rule-name-known-policy = 评分规则须存在
rule-name-level2-weight-name = 二级分值按二级指标名称给出
rule-name-tier-score = 部分达成、未达成须给得分比例
rule-name-tier-band = 得分比例在评定等级的区间内
rule-name-project-withdrawn = 已撤销登记的项目不再记录
rule-name-withdraw-without-money = 有到位资金或支出的项目不撤销登记
rule-name-voucher-unique = 凭证号在项目内唯一
rule-name-weight-at-most-100 = 分值不超过 100 分
rule-name-score-at-most-100 = 自评得分不超过 100 分
rule-name-import-key-unique = 一个导入键只代表一行
rule-name-narrative-section = 章节名不与已知章节只差一两个字
rule-name-indicators-per-project = 一个项目的绩效指标不超过 MAX_INDICATORS_PER_PROJECT 个
rule-name-goals-per-project = 一个项目的年度目标不超过 MAX_GOALS_PER_PROJECT 个
rule-name-sections-per-project = 一个项目的报告章节不超过 MAX_SECTIONS_PER_PROJECT 个
rule-name-text-no-control = 文字不含控制字符
rule-name-no-duplicate-keys = 同一对象中键不重复
rule-name-recorded-in-order = 记录时间不倒退
rule-name-signature-required = 签名账本只接受签名的事件
rule-name-signer-registered = 签名人须是已登记的操作人
rule-name-signer-not-revoked = 已注销的操作人不再签名
rule-name-signer-role = 签名人的角色可记录该类事件
rule-name-signature-valid = 签名须能按事件陈述验证
rule-name-statement-once = 一份签名陈述只记录一次
rule-name-ledger-stream = 操作人与账本设置事件属于账本级事件流 _ledger
rule-name-actor-unique = 操作人只登记一次
rule-name-actor-known = 注销的须是已登记的操作人
rule-name-actor-key = 操作人的验证公钥与其编号相符
rule-name-roles-known = 角色规则须存在
rule-name-signatures-need-format-2 = 签名须用第 2 版信封格式

## state 的文字（src/cli/state_text.rs）

state-title = { $name }（{ $project }）  { $department }  { $year }年度
state-withdrawn = 已撤销登记：序号 { $seq }，生效 { $date }，理由：{ $reason }（不计入项目一览和合计）
state-col-item = 项目
state-col-amount = 金额（万元）
state-col-ratio = 比率
state-initial = 年初预算数
state-budget = 全年预算数
state-arrived = 资金到位（到位率）
state-spent = 全年执行数（执行率）
state-initial-ratio = 执行率（按年初预算数）
state-balance = 结余（到位 − 支出）
state-col-fund = 资金来源
state-col-arrived = 到位
state-col-spent = 全年执行数
state-col-execution = 执行率
state-fund-total = 年度资金总额
state-fund-of = 其中：{ $fund }
state-adjustment = 预算调整 #{ $seq }：{ $fund }{ $from } → { $to }，生效 { $date }，记录 { $recorded }，{ $authority }{ $reason }
state-col-category = 支出类别
state-col-goal = 目标
state-col-status = 状态
state-col-goal-text = 内容／理由
state-goal-active = 有效
state-goal-adjusted = 已调整
state-goal-withdrawn = 已撤销
state-col-level1 = 一级指标
state-col-level2 = 二级指标
state-col-indicator = 三级指标
state-col-target = 预期值
state-col-actual = 实现值
state-col-met = 达成
state-target-was = { $target }（原 { $was }）
state-met-yes = 是
state-met-no = 否
tier-achieved = 达成
tier-partial = 部分达成
tier-not-achieved = 未达成
state-claimed = 自评：{ $score }分 { $grade }（序号 { $seq }）

## 回显与时间线的补充（issue 15 走查）

echo-adjusted-authority = { $type } { $amount } 依据：{ $authority } 理由：{ $reason }
echo-source-initial = 年初预算
echo-text-project-registered = { $zh }
echo-text-reason = { $zh }
echo-text-item = { $zh }
echo-text-item-reason = { $zh }
echo-text-id-reason = { $zh }
echo-text-indicator-defined = { $zh }
echo-text-target-adjusted = { $zh }
echo-text-measured = { $zh }
echo-text-assessed = { $zh }
echo-text-narrative = { $zh }
echo-text-scoring = { $zh }
echo-text-actor-registered = { $zh }
echo-text-ledger-configured = { $zh }

## score 与 policy show 的文字（src/cli/score_text.rs）

score-policy-title = { $id }：{ $title }
score-policy-source = 依据：{ $source }
score-policy-weights = 分值：{ $weights }
score-policy-bare = 未写比较符的目标值：{ $rule }
score-bare-floor = 视为下限（≥）
score-bare-exact = 视为等于（=）
score-policy-le-unmet = ≤ 未达成：{ $rule }
score-policy-rounding = 行得分：{ $rule }
score-rounding-exact = 精确，仅总分四舍五入到 2 位
score-rounding-whole = 各行四舍五入取整
score-policy-far-over = 超额预警：实现值 ≥ 预期值 × { $ratio }
score-policy-grades = 等级：{ $bands }，其余为差
score-policy-level2 = 二级分值：{ $weights }
score-col-indicator = 指标
score-col-weight = 分值
score-col-target = 预期值
score-col-actual = 实现值
score-col-target-read = 预期值读作
score-col-actual-read = 实现值读作
score-col-score = 得分
score-col-why = 说明
score-execution = 预算执行率
score-total = 总分 { $total }（分值合计 { $weights }）　等级 { $grade }
score-warning = 注意：{ $message }
score-critical = 严重：{ $message }

## history 的更正与冲销（src/cli/query.rs）

history-corrects = 更正第 { $seq } 号事件{ $rest }
history-reverses = 冲销第 { $seq } 号事件{ $rest }
verify-signatures-unchecked = 注意：导出文件不含账本 ID，其中 { $count } 个已签名事件的签名未核验（只核对了签名者的登记与角色）；请加 --ledger-id 账本ID（init 打印、报告所引）核验签名
rule-name-checkpoint-signer = 检查点由管理员签名
