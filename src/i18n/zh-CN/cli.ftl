# cli messages (zh-CN)
