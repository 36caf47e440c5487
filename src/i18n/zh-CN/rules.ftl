# rules messages (zh-CN)

## 编号与导入键（src/ids.rs）
id-invalid = { $what }「{ $value }」不可用：{ $why }
id-empty = 不得为空
id-too-long = 过长：{ $count } 个字符，上限 { $limit } 个
id-char = 含{ $class } { $char }；编号中不得有控制、空白、不可见、双向文本控制字符，不得有 < > &、引号或路径字符 / \

## 账本规则（src/ledger/project_rules.rs、append.rs）
rule-project-withdrawn = 项目 { $project } 已撤销登记（seq { $seq }，生效 { $date }），不再接受 { $type }；只能更正或撤销本项目已有的事件。撤销登记有误的，撤销 seq { $seq } 即恢复登记（jixiao reverse { $seq } --reason …）
rule-withdraw-without-money = 项目 { $project } 已有到位资金 { $arrived }、支出 { $spent }，撤销登记会使这些资金从汇总中消失：请先撤销（jixiao reverse）这些到位和支出记录并记到正确的项目；项目确已取消的，请用 budget adjust 调整预算
rule-voucher-unique = 凭证号「{ $voucher }」已用于项目 { $project } 的支出 seq { $seq }：同一凭证号在一个项目内只能记录一次（重复录入无需再记；另一笔支出请核对凭证号）
rule-what-disbursement = 支出 { $amount }
rule-what-correction = 更正 seq { $seq }
rule-what-reversal = 撤销 seq { $seq }
rule-spending-by-date = 项目 { $project }：{ $what }（生效 { $date }）后，截至 { $on } 累计支出 { $spent } 将超过截至该日的到位资金 { $arrived }（超出 { $over }）；支出不得早于资金到位：{ $covered }
rule-funds-covered-on = 到位资金在 { $date } 才足够，请核对支出的生效日期
rule-funds-never-covered = 到位资金一直不够
rule-import-key-reused = 导入键「{ $key }」已用于本项目 seq { $seq }，但这一行的内容不同：一个导入键只代表一行（新的一行请换一个导入键）
rule-narrative-section = 章节名「{ $written }」与已知章节 { $key }（{ $title }）只差一两个字，疑为笔误：请写 { $key } 或 { $title }；确是另一章节的，请用与已知章节明显不同的名称（报告中列入“其他”）
