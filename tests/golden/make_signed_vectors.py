#!/usr/bin/env python3
"""Writes tests/golden/signed_vectors.jsonl: format-2 envelopes of a signed ledger (issue 15)
-> statement bytes -> Ed25519 signature -> JCS bytes -> hash, made without jixiao (rfc8785,
blake3, PyCA `cryptography`, keys from fixed seeds; Ed25519 is deterministic).

The chain: the admin registers itself (the bootstrap, self-signed), requires signatures, and
registers a clerk and the finance bureau; the clerk registers a project; the bureau allocates;
the admin revokes the clerk. Each vector: {what, ledger, key (verifier key of the signer),
statement (text), event (without hash), canonical, hash}.

    pip install blake3 rfc8785 cryptography && python3 tests/golden/make_signed_vectors.py
"""

import base64
import hashlib
import json
import pathlib

import blake3
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CONTEXT = "jixiao ledger event v1"
LEDGER = "jx-golden-signed"
ZERO = "0" * 64


def key(name, seed_byte):
    private = Ed25519PrivateKey.from_private_bytes(bytes([seed_byte]) * 32)
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    material = b"\x01" + public
    key_id = hashlib.sha256(name.encode() + b"\n" + material).digest()[:4].hex()
    return private, f"{name}+{key_id}+{base64.b64encode(material).decode()}"


ADMIN = key("zj-czj/admin", 1)
CLERK = key("zj-scjg/ip-office", 2)
FINANCE = key("zj-czj/budget", 3)
P = "zj-scjg-2023-ip"

EVENTS = [
    ("the admin registers itself (bootstrap)", ADMIN, "_ledger", "actor.registered",
     {"id": "zj-czj/admin", "role": "admin", "key": ADMIN[1]}),
    ("signatures required", ADMIN, "_ledger", "ledger.configured",
     {"signatures": "required", "roles": "roles-2026"}),
    ("a clerk", ADMIN, "_ledger", "actor.registered",
     {"id": "zj-scjg/ip-office", "role": "clerk", "key": CLERK[1], "department": "湛江市市场监督管理局"}),
    ("the finance bureau", ADMIN, "_ledger", "actor.registered",
     {"id": "zj-czj/budget", "role": "finance", "key": FINANCE[1]}),
    ("the clerk registers the project", CLERK, P, "project.registered",
     {"name": "知识产权促进工作经费", "department": "湛江市市场监督管理局", "year": 2023}),
    ("the bureau allocates", FINANCE, P, "budget.allocated",
     {"amount": "3410000.00", "source": "年初预算"}),
    ("the bureau cuts the budget", FINANCE, P, "budget.adjusted",
     {"amount": "1013500.00", "reason": "市财政调整年初预算"}),
    ("the clerk is revoked", ADMIN, "_ledger", "actor.revoked",
     {"id": "zj-scjg/ip-office", "reason": "调离"}),
]


def main():
    out = pathlib.Path(__file__).with_name("signed_vectors.jsonl")
    prev, heads, lines = ZERO, {}, []
    for seq, (what, (private, vkey), project, kind, data) in enumerate(EVENTS, start=1):
        actor = vkey.split("+")[0]
        signed_at = f"2026-11-26T03:00:{seq:02d}.123Z"
        statement = b"jixiao statement v1\n" + rfc8785.dumps({
            "actor": actor, "data": data, "effective": "2023-01-01", "ledger": LEDGER,
            "project": project, "signed_at": signed_at, "type": kind})
        event = {
            "seq": seq, "recorded_at": f"2026-11-26T03:01:{seq:02d}.000Z", "effective": "2023-01-01",
            "actor": actor, "project": project, "type": kind, "data": data, "prev": prev,
            "project_prev": heads.get(project, ZERO), "v": 2, "signed_at": signed_at,
            "sig": base64.b64encode(private.sign(statement)).decode(),
        }
        canonical = rfc8785.dumps(event)
        digest = blake3.blake3(canonical, derive_key_context=CONTEXT).hexdigest()
        lines.append(json.dumps({"what": what, "ledger": LEDGER, "key": vkey,
                                 "statement": statement.decode("utf-8"), "event": event,
                                 "canonical": canonical.decode("utf-8"), "hash": digest},
                                ensure_ascii=False, separators=(",", ":")))
        prev = heads[project] = digest
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} vectors to {out}")


if __name__ == "__main__":
    main()
