# jixiao 的中文消息（默认语言）。每条消息在 en.ftl 中都有对应的英文（有测试检查）。

lang-test = 测试 { $value }
