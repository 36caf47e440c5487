#!/usr/bin/env python3
"""Writes tests/golden/vectors.jsonl: event envelopes (without hash) -> JCS bytes -> hash.

Produced with implementations written by others (rfc8785 by Trail of Bits, the blake3
package), not with jixiao, so the Rust test that reproduces these vectors checks jixiao
against them. The events form a chain (seq 1.., prev of seq 1 = 64 zeros) and together use
every event type, Chinese text, control characters, quotes, backslashes, a character
outside the BMP, U+2028, a correction (one that gives its target another effective date)
and an import key (`id`).

    pip install blake3 rfc8785 && python3 tests/golden/make_vectors.py
"""

import json
import pathlib

import blake3
import rfc8785

CONTEXT = "jixiao ledger event v1"
P = "gd-2023-知识产权"
A = "zj-scjg/ip-office"

EVENTS = [
    ("project.registered with every optional field, quotes and a list", A, "2023-01-01", {
        "name": "知识产权促进专项工作经费（\"示例\"）",
        "department": "湛江市市场监督管理局",
        "unit": "湛江市市场监督管理局",
        "competent_department": "湛江市市场监督管理局",
        "year": 2023,
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "fund_nature": "政府性基金预算",
        "basis": ["《关于规范知识产权管理体系贯标认证工作的通知》（国知办发运字〔2019〕34号）",
                  "back\\slash and \"quote\""],
        "contents": "第一行\n第二行\t制表符",
    }, "project.registered"),
    ("budget.allocated in canonical 元", A, "2023-01-01",
     {"amount": "3410000.00", "source": "年初预算", "doc": "湛财预〔2023〕1号"}, "budget.allocated"),
    ("budget.adjusted by an actor with a space", "finance bureau 财政局", "2023-06-30",
     {"amount": "1013500.00", "reason": "压减一般性支出 \"过紧日子\" \\ 统筹", "authority": "湛江市财政局",
      "doc": "湛财预〔2023〕88号"}, "budget.adjusted"),
    ("funds.arrived", A, "2023-07-01", {"amount": "1013500.00", "source": "市级财政"}, "funds.arrived"),
    ("funds.disbursed with C0 control characters", A, "2023-08-01",
     {"amount": "10800.00", "purpose": "知识产权宣传周\u0001\u001f费用", "category": "宣传费",
      "payee": "某某文化传播有限公司", "voucher": "记-2023-08-001"}, "funds.disbursed"),
    ("goal.set with a character outside the BMP and U+2028", A, "2023-01-01",
     {"id": "g1", "text": "新增\u201c贯标\u201d企业 10 家以上 😀\u2028下一行"}, "goal.set"),
    ("goal.adjusted", A, "2023-07-01",
     {"id": "g1", "text": "新增\u201c贯标\u201d企业 8 家以上", "reason": "预算压减"}, "goal.adjusted"),
    ("goal.set", A, "2023-01-01", {"id": "g2", "text": "探索开展知识产权证券化"}, "goal.set"),
    ("goal.withdrawn", A, "2023-07-01", {"id": "g2", "reason": "资金不足"}, "goal.withdrawn"),
    ("indicator.defined with every optional field", A, "2023-01-01",
     {"id": "i1", "level1": "产出指标", "level2": "数量指标", "name": "贯标企业数", "target": "≥10",
      "comparator": "ge", "unit": "家", "weight": "12.5"}, "indicator.defined"),
    ("indicator.target_adjusted", A, "2023-07-01",
     {"id": "i1", "target": "≥8", "reason": "预算由341万元调整为101.35万元"}, "indicator.target_adjusted"),
    ("indicator.measured with DEL, backspace and form feed", A, "2023-12-31",
     {"id": "i1", "actual": "12", "note": "\u007f DEL \b \f 证明材料"}, "indicator.measured"),
    ("indicator.defined, qualitative", A, "2023-01-01",
     {"id": "i2", "level1": "效益指标", "level2": "社会效益指标", "name": "知识产权意识",
      "target": "进一步提高"}, "indicator.defined"),
    ("indicator.assessed", A, "2023-12-31",
     {"id": "i2", "tier": "部分达成", "score_ratio": "0.7", "deviation": "宣传覆盖面不足；\r\n下年度加强"},
     "indicator.assessed"),
    ("narrative.recorded", A, "2024-01-15",
     {"section": "background", "text": "一、项目基本情况\r\n（一）项目背景\n\t……"}, "narrative.recorded"),
    ("scoring.configured with weights", A, "2023-01-01",
     {"policy": "cz-2020-10",
      "weights": {"execution": "10", "output": "50", "benefit": "30", "satisfaction": "10"}},
     "scoring.configured"),
    ("evaluation.claimed", A, "2024-01-15",
     {"score": "100", "grade": "优", "spent": "1013500.00", "execution_ratio": "1"}, "evaluation.claimed"),
    ("event.corrected: seq 5 read with another amount", A, "2023-08-01",
     {"target_seq": 5, "reason": "金额录入错误",
      "replacement": {"type": "funds.disbursed",
                      "data": {"amount": "10900.00", "purpose": "知识产权宣传周费用"}}}, "event.corrected"),
    ("event.reversed", A, "2023-12-31", {"target_seq": 12, "reason": "重复录入"}, "event.reversed"),
    ("goal.assessed", A, "2023-12-31", {"id": "g1", "achieved": "新增\u201c贯标\u201d企业 8 家"}, "goal.assessed"),
    ("event.corrected giving seq 4 another effective date", A, "2024-01-16",
     {"target_seq": 4, "effective": "2023-06-30", "reason": "到账日期录入错误",
      "replacement": {"type": "funds.arrived", "data": {"amount": "1013500.00", "source": "市级财政"}}},
     "event.corrected"),
    ("funds.disbursed from an import line with an idempotency key ending in a comma", A, "2023-09-01",
     {"amount": "200.00", "purpose": "邮寄费", "voucher": "记-2023-09-002"}, "funds.disbursed",
     "bank-2023-09-0002,"),
    ("project.withdrawn", A, "2024-01-20", {"reason": "登记有误（重复登记）"}, "project.withdrawn"),
]


def main():
    out = pathlib.Path(__file__).with_name("vectors.jsonl")
    prev = "0" * 64
    lines = []
    for seq, (what, actor, effective, data, kind, *key) in enumerate(EVENTS, start=1):
        minute = seq
        event = {
            "seq": seq,
            "recorded_at": f"2024-01-20T0{minute // 60}:{minute % 60:02d}:00.000Z",
            "effective": effective,
            "actor": actor,
            "project": P,
            "type": kind,
            "data": data,
            "prev": prev,
        }
        if key:
            event["id"] = key[0]
        canonical = rfc8785.dumps(event)
        digest = blake3.blake3(canonical, derive_key_context=CONTEXT).hexdigest()
        vector = {"what": what, "event": event, "canonical": canonical.decode("utf-8"), "hash": digest}
        lines.append(json.dumps(vector, ensure_ascii=False, separators=(",", ":")))
        prev = digest
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} vectors to {out}")


if __name__ == "__main__":
    main()
