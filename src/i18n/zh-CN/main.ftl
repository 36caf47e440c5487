# jixiao 的中文消息（默认语言）。每条消息在 en 中都有对应的英文（有测试检查）。
# 本文件与 rules.ftl 的英文版同时是模板：库以英文报告的错误按模板读回，再以中文显示
# （src/i18n/translate.rs）。参数名与英文版相同。

lang-test = 测试 { $value }
raw = { $text }

## 出错的位置

rejected-line = 第 { $line } 行，字段 { $field }：{ $message }
field-error = 字段 { $field }：{ $message }
rule-violation = 违反规则 { $rule }：{ $message }
read-damaged = 序号 { $seq }：{ $message }
read-back = 无法读回账本：{ $message }

## 金额

amount-empty = 金额为空
amount-garbage = 金额 { $value } 不是元数（应写作 3410000、3,410,000.00、341万、1.08万元 等）
amount-negative = 金额 { $value } 为负数；金额一律记为正数
amount-too-precise = 金额 { $value } 的小数多于两位（以元计，最小单位为分）
amount-too-long = 金额 { $value } 超过 { $max } 个字符，不是金额
amount-too-large = 金额 { $value } 超过上限 1万亿元
amount-zero = 金额 { $value } 必须大于零

## 日期与时刻

date-bad = 日期 { $value } 不是有效的日历日期（应为 YYYY-MM-DD）
date-out-of-range = 日期 { $value } 不在 2000 至 2100 年之间
instant-bad = 时刻 { $value } 无效：应为 RFC 3339 时刻（如 2024-01-15T10:00:00+08:00）、日期或 seq:N

## 编号

id-project = 项目编号 { $value } 无效：{ $why }
id-item = 编号 { $value } 无效：{ $why }
id-actor = 记录人 { $value } 无效：{ $why }
why-empty = 不得为空
why-too-long = 过长：{ $count } 个字符，上限 { $max }
why-whitespace = 不得含空白或控制字符

## 数值与指标值

number-bad = 数值 { $value } 不是非负的十进制数（最多 { $decimals } 位小数，不超过 { $max }）
target-empty = 指标值 { $value }：为空
target-too-long = 指标值 { $value }：超过 { $max } 个字符
target-missing-number = 指标值 { $value }：比较符号后没有数字
target-signed = 指标值 { $value }：指标值不接受带正负号的数
target-malformed = 指标值 { $value }：不是数字（千位分隔符每三位一组：1,000）
target-too-many-digits = 指标值 { $value }：有效数字或小数位多于 { $max } 位
target-invalid-date = 指标值 { $value }：不是有效的日历日期
target-not-a-date = 指标值 { $value }：时限指标需要日期，如 2023年底 或 2023-12-31
target-comparator-mismatch = 指标值 { $value }：给定的比较方式是 { $given }，但文字读作 { $found }
target-conflicting-bounds = 指标值 { $value }：数字前的 { $prefix } 与数字后的 { $suffix } 相矛盾

## 导入行与事件数据

event-type-unknown = 未知的事件类型 { $value }（可用：{ $known }）
json-too-deep = JSON 嵌套超过 { $max } 层（MAX_JSON_DEPTH）
json-array-member = { $member } 是 JSON 数组，此处应为对象或单个值（只有 { $allowed } 可以是数组）
json-array = 此处是 JSON 数组，应为对象或单个值（只有 { $allowed } 可以是数组）
value-not-valid = { $value } 无效
correction-of-correction = 更正不能以更正或冲销（{ $kind }）作为替换内容；请更正原事件
line-too-long = 该行超过 { $max } 字节（MAX_LINE_BYTES）
line-not-utf8 = 第 { $at } 字节处不是有效的 UTF-8
line-unreadable = 无法读取：{ $error }

## 数据与类型不符（serde）

serde-unknown-variant = 「{ $value }」不是可用的取值（可用：{ $allowed }）
serde-unknown-variant-one = 「{ $value }」不是可用的取值（只能是 { $allowed }）
serde-unknown-field = 未知字段 { $name }（可用字段：{ $allowed }）
serde-unknown-field-one = 未知字段 { $name }（只能是 { $allowed }）
serde-unknown-field-none = 未知字段 { $name }（此处没有字段）
serde-unknown-field-bare = 未知字段 { $name }
serde-missing-field = 缺少字段 { $name }
serde-duplicate-field = 字段 { $name } 重复
serde-invalid-type = 类型不对：得到 { $found_zh }，应为{ $expected_zh }
serde-invalid-value = 取值无效：{ $found_zh }，应为{ $expected_zh }
serde-invalid-length = 长度无效：{ $found }，应为 { $expected }
json-eof = JSON 不完整（读取 { $thing } 时到了结尾）
json-expected-value = 此处应为一个 JSON 值
json-expected-colon = 此处应为冒号 :
json-expected-comma-list = 此处应为逗号 , 或 ]
json-expected-comma-object = 此处应为逗号 , 或 {"}"}
json-trailing-characters = JSON 之后还有多余的字符
json-trailing-comma = 多余的逗号
json-key-not-string = 键必须是字符串
json-invalid-escape = 无效的转义
json-invalid-number = 无效的数字
json-number-out-of-range = 数字超出范围
json-control-character = 字符串中有控制字符（\u0000-\u001F）
json-recursion = 嵌套过深

## 上限

text-too-many-bytes = 文字有 { $count } 字节，超过上限 { $max }（MAX_TEXT_BYTES）
text-too-many-chars = 文字有 { $count } 个字符，超过上限 { $max }（MAX_FIELD_CHARS）
event-too-large = 事件有 { $count } 字节，超过上限 { $max }（MAX_EVENT_BYTES）
batch-too-large = 一批超过 { $max } 个事件（上限 MAX_BATCH_EVENTS）

## 存储

store-in-use = 账本 { $path } 正由另一个进程使用；请待其结束后重试
store-exists = { $path } 已有账本
store-damaged = 账本存储已损坏：{ $message }
store-damaged-at = 账本存储在序号 { $seq } 处损坏：{ $message }
store-error = 存储错误：{ $message }
store-head-file = 无法写入账本头文件：{ $message }
store-read-only = 账本 { $path } 是只读的（只读介质、--read-only 或导出文件），不能写入；未写入任何内容
store-unverified = 账本 { $path } 未通过校验，不予打开：序号 { $seq } 处 { $what }
store-conflict = 本命令运行期间账本已被改动：预期账本头为序号 { $expected }，实为序号 { $found }；未写入任何内容
