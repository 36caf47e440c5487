# rules messages (zh-CN)
