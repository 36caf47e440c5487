# jixiao's English messages. Every message here exists in zh-CN.ftl too (a test checks).

lang-test = test { $value }
