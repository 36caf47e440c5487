# trust messages (zh-CN)：密钥、检查点、默克尔证明与见证者（issue 15），及其命令的帮助文字。

## 库的错误与核验结论

trust-io = 无法读写 { $path }：{ $error }
key-name-bad = 密钥名称 { $name } 不可用：{ $why }（名称不得含空白字符或「+」，如 zj-czj/budget）
key-name-char = 含有 { $char }
vkey-bad = 验证密钥 { $value } 无效：{ $why }（格式为 名称+8位十六进制密钥编号+base64(类型字节 || 公钥)）
vkey-why-parts = 应由两个「+」分成名称、密钥编号、公钥三部分
vkey-why-id = 密钥编号应为 8 位小写十六进制数
vkey-why-base64 = 公钥部分不是标准 base64
vkey-why-type = 类型字节应为 0x01（签名）或 0x04（联署）
vkey-why-length = Ed25519 公钥应为 32 字节
vkey-why-point = 不是有效的 Ed25519 公钥
vkey-why-id-mismatch = 密钥编号与名称和公钥算出的不符（SHA-256(名称 || 0x0A || 类型 || 公钥) 的前 4 字节）
private-key-bad = 私钥格式无效（应为 PRIVATE+KEY+名称+密钥编号+base64(0x01 || 种子)，且密钥编号与密钥相符）
key-exists = 密钥 { $name } 已存在（{ $path }）：不会覆盖已有的密钥；请换一个名称
key-dir-not-dir = 密钥目录 { $path } 不是目录
key-missing = 密钥目录 { $dir } 中没有密钥 { $name }（用 jixiao key list 查看已有密钥，jixiao key new { $name } 新建）
key-permissions = { $path } 的权限为 { $mode }，其他用户可以读取：私钥须只属于本人（请运行 chmod { $want } { $path }）
key-file-bad = 密钥文件 { $path }：{ $message }
proof-index-outside = 序号 { $seq } 不在大小为 { $size } 的树内
proof-sizes-backwards = 旧树大小 { $old } 大于新树大小 { $new }
proof-inclusion-fails = 包含证明不成立：序号 { $seq } 的事件不在大小 { $size }、根 { $root } 的树中
proof-consistency-fails = 一致性证明不成立：大小 { $old }、根 { $old_root } 的树不是大小 { $new }、根 { $new_root } 的树的前缀
proof-hash-bad = { $what } 证明的 hashes[{ $index }] = { $value } 不是 32 字节哈希的 base64
proof-json-bad = { $what } 证明的 JSON 无效：{ $error }
checkpoint-bad = 检查点无效：{ $why }
checkpoint-why-lines = 正文应恰为三行（来源、树大小、根哈希），jixiao 不写也不接受扩展行
checkpoint-why-origin = 第一行（来源）为空
checkpoint-why-size = 第二行（树大小）应为不带前导零的十进制数
checkpoint-why-root = 第三行（根哈希）应为 32 字节的 base64
checkpoint-signature-invalid = 检查点上密钥 { $key } 的签名无效：检查点在签名后被改动，或签名是伪造的
note-bad = 不是有效的签名笔记（c2sp.org/signed-note）：{ $error }
leaves-line-bad = 叶子文件第 { $line } 行：{ $why }
leaves-why-hex = 应为 64 位小写十六进制的事件哈希
leaves-why-seq = 导出行的 seq 应为 { $seq }
checkpoint-truncated = 账本只有 { $have } 个事件，检查点记录了 { $size } 个（根 { $root }）：账本被截短或回滚，自序号 { $first } 起缺失
checkpoint-diverges = 前 { $size } 个事件的默克尔根为 { $got }，检查点为 { $root }：账本不是检查点所记历史的延续。要指出第一个不同的序号，请用 --leaves 给出与检查点一同保存的叶子文件（jixiao checkpoint --leaves 写出）或当时的导出文件
checkpoint-diverges-at = 账本自序号 { $seq } 起与检查点（大小 { $size }，根 { $root }）所记历史不同：该事件的哈希在检查点时为 { $kept }，现为 { $now }
leaves-too-few = 叶子文件只有 { $count } 个叶子，检查点有 { $size } 个：它不是与此检查点一同保存的
leaves-not-checkpoint = 叶子文件前 { $size } 个叶子的根为 { $got }，检查点为 { $root }：它不是与此检查点一同保存的，不能据以指出序号
witness-state-bad = 见证者状态文件 { $path } 无效：{ $message }
witness-rollback = 拒绝联署：{ $origin } 的检查点回滚了：上次联署的大小 { $old }（根 { $old_root }），这次只有 { $new }（根 { $new_root }）
witness-fork = 拒绝联署：{ $origin } 出现分叉：上次联署的大小 { $old } 根为 { $old_root }，这次同样大小 { $new } 根却为 { $new_root }
witness-inconsistent = 拒绝联署：{ $origin } 出现分叉：大小 { $new }（根 { $new_root }）的树不是上次联署的大小 { $old }（根 { $old_root }）的延续，一致性证明不成立
witness-proof-needed = 需要一致性证明 --proof：上次联署 { $origin } 的大小 { $old }（根 { $old_root }），这次为 { $new }（根 { $new_root }）；可由 jixiao prove consistency --from { $old } --to { $new } 得到
witness-proof-sizes = 一致性证明的大小为 { $proof_old } → { $proof_new }，应为上次联署的 { $old } → 这次的 { $new }

## 命令行

keys-no-home = 找不到默认的密钥目录（未设置 HOME 或 XDG_CONFIG_HOME）：请用 --keys 或 JIXIAO_KEYS 指定
key-dir-in-ledger = 密钥目录 { $path } 位于账本 { $ledger } 之内：拿到账本副本的人不应同时拿到签名密钥；请用 --keys 指定账本之外的目录
key-random-failed = 无法取得随机数以生成密钥：{ $error }
key-created = 已新建密钥 { $name }（私钥 { $path }，权限 0600）。上面一行是它的验证密钥，可公开；作为见证者联署时，其联署验证密钥为 { $cosigner }
key-list-empty = 密钥目录 { $dir } 中还没有密钥（jixiao key new 名称 可新建）
checkpoint-written = 已写出检查点 { $path }：{ $origin }，大小 { $size }，根 { $root }
prove-past-head = { $option } { $size } 超过账本头序号 { $head }
prove-seq-outside = 序号 { $seq } 不在 1 至 { $size } 之内
prove-from-past-to = --from { $from } 大于 --to { $to }
cosign-time-bad = 时钟读数 { $now } 早于 1970 年，不能作联署时间
cosign-done = 已联署 { $origin }（大小 { $size }，根 { $root }），联署密钥 { $key }，联署时间 { $time }
checkpoint-other-ledger = 检查点属于 { $origin }，而此账本是 { $ledger }
verify-checkpoint-log-ok = 检查点的日志签名有效：{ $key }
verify-checkpoint-unsigned-note = 注意：未给出 --log-key，检查点的签名未核验
verify-checkpoint-cosigned = 见证者联署有效：{ $key }，联署时间 { $time }
verify-checkpoint-export-origin = 注意：导出文件不含账本编号，未核对检查点的来源 { $origin }
verify-checkpoint-extends = 是检查点的延续：前 { $size } 个事件的默克尔根与检查点 { $origin }（根 { $root }）相同，现有 { $have } 个事件

## 帮助

help-key = 密钥：新建 Ed25519 签名密钥、列出密钥（密钥目录在账本之外）
help-key-new = 在密钥目录中新建 Ed25519 密钥，并输出其验证密钥
help-key-new--name = 密钥名称：不含空白字符和「+」（如 zj-czj/budget 这样的记录人编号）
help-key-new--keys = 密钥目录 [环境变量：JIXIAO_KEYS] [默认：$XDG_CONFIG_HOME/jixiao/keys，否则 ~/.config/jixiao/keys]；不得位于账本内
help-key-list = 列出密钥目录中的密钥：每行一个名称和验证密钥
help-key-list--keys = 密钥目录 [环境变量：JIXIAO_KEYS] [默认：$XDG_CONFIG_HOME/jixiao/keys，否则 ~/.config/jixiao/keys]
help-checkpoint = 写出账本的检查点（c2sp.org/tlog-checkpoint），用 --key 签名
help-checkpoint--key = 日志签名密钥在密钥目录中的名称（账本管理员的密钥）
help-checkpoint--keys = 密钥目录 [环境变量：JIXIAO_KEYS] [默认：$XDG_CONFIG_HOME/jixiao/keys，否则 ~/.config/jixiao/keys]
help-checkpoint--out = 写入此文件（不得位于账本目录内）[默认：标准输出]
help-checkpoint--leaves = 同时写出叶子文件：按序号每行一个事件哈希，与检查点一同保存，日后 verify --checkpoint --leaves 可据以指出第一个被改动的序号
help-prove = 输出默克尔包含证明或一致性证明（RFC 9162），JSON 格式
help-prove-inclusion = 输出一个事件在前 N 个事件之树中的包含证明
help-prove-inclusion--seq = 事件序号（叶子序号为 序号 − 1）
help-prove-inclusion--size = 树大小 N [默认：账本头序号]
help-prove-consistency = 输出前 M 个事件之树延续前 N 个事件之树的一致性证明
help-prove-consistency--from = 旧树大小 N（某个检查点的大小）
help-prove-consistency--to = 新树大小 M [默认：账本头序号]
help-cosign = 作为见证者：核对检查点与上次为同一账本联署的检查点一致后，加上联署（c2sp.org/tlog-cosignature）；拒绝回滚和分叉
help-cosign--checkpoint = 要联署的日志检查点（签名笔记）
help-cosign--proof = 自上次联署的检查点起的一致性证明（jixiao prove consistency --from 旧 --to 新）；第一次联署或大小相同时不需要
help-cosign--key = 见证者自己的签名密钥在密钥目录中的名称
help-cosign--keys = 密钥目录 [环境变量：JIXIAO_KEYS] [默认：$XDG_CONFIG_HOME/jixiao/keys，否则 ~/.config/jixiao/keys]
help-cosign--state = 见证者的状态目录：按来源各存一个文件，记录上次联署的检查点
help-cosign--log-key = 日志的验证密钥（名称+编号+公钥，或存有它的文件）
help-cosign--out = 写入此文件 [默认：标准输出]
help-verify--checkpoint = 先前保存的检查点：账本（或导出文件）必须是它的延续
help-verify--log-key = 日志的验证密钥：检查点的签名须能用它核验
help-verify--witness-key = 见证者的验证密钥：检查点上须有它的有效联署（可重复）
help-verify--leaves = 与检查点一同保存的叶子文件（或当时的导出文件）：据以指出账本第一个不同的序号

## 报告包（report --bundle，verify-bundle）

bundle-bad = 不是可读的报告包：{ $why }
bundle-checkpoint-short = 检查点大小 { $size } 小于报告的账本头序号 { $head }：检查点不覆盖报告所依据的事件
bundle-hash-mismatch = 报告包中的事件被改动：序号 { $seq } 的哈希与其内容不符（JCS + BLAKE3 重算）
bundle-proof-fails = 序号 { $seq } 的包含证明不能通向检查点的根 { $root }（证明来自另一个检查点，或事件不在其中）
bundle-event-foreign = 序号 { $seq } 的事件不属于 { $project }，或序号未递增，或超出报告的账本头
bundle-link-broken = 报告包中缺少事件：序号 { $seq } 的 project_prev 为 { $found }，而前一个打包事件的哈希为 { $expected }（其间有事件被删去）
bundle-signature-bad = 序号 { $seq } 的签名或角色不成立：{ $what }
bundle-report-differs = 报告包中的报告不能由其事件重算得出：{ $why }
bundle-report-field = 报告包中的报告不能由其事件重算得出（第一处不同）：{ $field }
bundle-project-head-missing = 报告包缺少项目的最后事件：报告依据项目至序号 { $seq }（哈希 { $hash }）的事件，而报告包中项目的事件止于序号 { $last }：序号 { $seq } 被删去
bundle-project-head-differs = 报告包中项目的最后事件（序号 { $last }，哈希 { $found }）不是报告所依据的项目最后事件（序号 { $seq }，哈希 { $hash }）
bundle-signer = { $actor }（{ $zh }）
bundle-written = 已写出报告包 { $path }：项目 { $project }，{ $events } 个事件，检查点大小 { $size }，报告摘要 { $digest }
bundle-needs-checkpoint = 报告包须有检查点：用 --key 密钥名 当场签一个，或用 --checkpoint 文件 给出保存的（可带联署的）检查点
bundle-checkpoint-covers = 检查点大小 { $size } 不覆盖报告：须不小于报告的账本头序号 { $head }，且不大于账本头序号 { $ledger_head }
bundle-checkpoint-root = 检查点（大小 { $size }）的根 { $root } 与账本前 { $size } 个事件的根 { $ledger_root } 不同：这不是本账本的历史
bundle-ok = 报告包完好：项目 { $project }，{ $events } 个事件，检查点大小 { $size }，签名者角色 { $signers }，报告摘要 { $digest }
bundle-log-unchecked = 注意：未给出 --log-key，未核验检查点的签名行 { $lines }，不知道检查点是谁签的；“完好”只说明报告包中的事件、包含证明和检查点彼此相符。用 --log-key 账本管理员的验证密钥 核验
help-report--bundle = 写出报告包：JSON 报告、项目的全部事件、各事件的包含证明、签名检查点及签名所依据的参与者；用 verify-bundle 核验
help-report--key = 用此密钥（日志管理员的密钥）当场在账本头签一个检查点放入报告包
help-report--checkpoint = 放入报告包的已保存（可带联署的）检查点文件：须覆盖报告的账本头，其根须与账本前 N 个事件相符
help-report--keys = 密钥目录 [环境变量：JIXIAO_KEYS] [默认：$XDG_CONFIG_HOME/jixiao/keys，否则 ~/.config/jixiao/keys]
help-verify-bundle = 不用账本核验报告包：哈希、项目链接、包含证明、检查点签名、事件签名与角色，并重算报告
help-verify-bundle--file = 报告包文件
help-verify-bundle--log-key = 日志的验证密钥：检查点的签名须能用它核验
help-verify-bundle--witness-key = 见证者的验证密钥：检查点上须有它的有效联署（可重复）

## 检查点由谁签、签名行、联署时间（issue 15 走查）

checkpoint-signed-admin = 检查点由本账本的管理员 { $name }（密钥编号 { $id }，登记于序号 { $seq }）签名
checkpoint-signed-unchecked = 检查点由密钥 { $name }（密钥编号 { $id }）签名；本账本未登记管理员（未签名账本），未核对此密钥是否属于账本管理员
checkpoint-signer-not-admin = 本账本已登记管理员，检查点须由已登记且未注销的管理员（admin）的密钥签名，而密钥 { $name }（密钥编号 { $id }）{ $why }；本账本管理员的密钥：{ $admins }。未写出任何文件
checkpoint-signer-why-unknown = 未在本账本登记
checkpoint-signer-why-role = 是登记为 { $role } 的操作人 { $actor } 的密钥（序号 { $seq }），不是管理员的
checkpoint-signer-why-revoked = 属于已于序号 { $seq } 注销的管理员（{ $reason }）
checkpoint-signer-why-other-key = 与登记的 { $actor } 的验证密钥 { $registered } 不同
checkpoint-sig-line = { $name }（{ $kind }，密钥编号 { $id }）
checkpoint-no-log-line = 检查点的签名行中没有 --log-key 给出的密钥 { $name }（密钥编号 { $id }）的签名：检查点上的签名行是 { $lines }。{ $hint }
checkpoint-no-cosignature = 检查点的签名行中没有 --witness-key 给出的见证者 { $name }（联署密钥编号 { $id }）的联署：检查点上的签名行是 { $lines }。{ $hint }
bundle-cosignatures-unchecked = 注意：未给出这些见证者的 --witness-key，未核验检查点的签名行 { $lines }。用 --witness-key 见证者的验证密钥 核验（可重复）
bundle-no-witness = 注意：检查点上没有见证者的联署：它只说明日志自己签了这段历史，不说明有见证者（财政局、审计）见过它
checkpoint-line-log = 日志签名
checkpoint-line-cosignature = 见证者联署
checkpoint-hint-log-key = 或是给错了 --log-key（应给账本管理员的验证密钥），或是这个检查点不是该密钥签的，不能当作它签的来信任
checkpoint-hint-log-key-is-witness = 这个密钥在检查点上是见证者的联署（密钥编号 { $id }），不是日志的签名：见证者的密钥用 --witness-key 给出，--log-key 应给账本管理员的验证密钥
checkpoint-hint-witness-key = 或是给错了 --witness-key，或是该见证者没有联署这个检查点
checkpoint-hint-witness-key-is-log = 这个密钥在检查点上是日志的签名（密钥编号 { $id }），不是见证者的联署：日志的密钥用 --log-key 给出
bundle-counts-differ = 报告包中有 { $events } 个事件、{ $proofs } 个包含证明，应一一对应：有事件或证明被删去或添加
