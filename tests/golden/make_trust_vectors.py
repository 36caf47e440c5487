#!/usr/bin/env python3
"""Writes tests/golden/trust_vectors.json: keys, Merkle roots, checkpoints, a cosignature and
inclusion and consistency proofs, made without jixiao (DESIGN.md "Trust"):

- keys: Ed25519 (RFC 8032) from fixed seeds with PyCA `cryptography`; verifier keys and key
  ids as c2sp.org/signed-note gives them (SHA-256(name || 0x0A || type || public key)[:4]);
- leaves: the 32 raw bytes of each hash in tests/golden/vectors.jsonl, in seq order;
- roots: RFC 9162 §2.1.1 MTH with SHA-256 (hashlib), written recursively as the RFC does;
- checkpoints: c2sp.org/tlog-checkpoint notes signed by the log key; a cosigned one with a
  c2sp.org/tlog-cosignature cosignature/v1 line (timestamp fixed);
- proofs: RFC 9162 §2.1.3.1 PATH and §2.1.4.1 PROOF/SUBPROOF, as JSON in RFC 8785 form
  (Trail of Bits' `rfc8785`), hashes in standard base64.

Ed25519 signatures are deterministic, so jixiao must reproduce every byte
(tests/it/trust_golden.rs).

    pip install cryptography rfc8785 && python3 tests/golden/make_trust_vectors.py
"""

import base64
import hashlib
import json
import pathlib

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HERE = pathlib.Path(__file__).parent
ORIGIN = "jixiao/jx-golden-0000000001"
LOG = ("zj-czj/admin", bytes(range(32)))
WITNESS = ("zj-sjj/审计", bytes(range(100, 132)))
COSIGNED_AT = 1795662000  # 2026-11-26T03:00:00Z


def b64(data):
    return base64.b64encode(data).decode("ascii")


def key_id(name, alg, public):
    return hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([alg]) + public).digest()[:4]


def keys(name, seed):
    private = Ed25519PrivateKey.from_private_bytes(seed)
    public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {
        "name": name,
        "seed": seed.hex(),
        "vkey": f"{name}+{key_id(name, 1, public).hex()}+{b64(bytes([1]) + public)}",
        "cosigner_vkey": f"{name}+{key_id(name, 4, public).hex()}+{b64(bytes([4]) + public)}",
        "private": f"PRIVATE+KEY+{name}+{key_id(name, 1, public).hex()}+{b64(bytes([1]) + seed)}",
    }, private, public


def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d):
    if len(d) == 0:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return leaf_hash(d[0])
    k = split(len(d))
    return node_hash(mth(d[:k]), mth(d[k:]))


def path(m, d):
    if len(d) <= 1:
        return []
    k = split(len(d))
    if m < k:
        return path(m, d[:k]) + [mth(d[k:])]
    return path(m - k, d[k:]) + [mth(d[:k])]


def subproof(m, d, b):
    n = len(d)
    if m == n:
        return [] if b else [mth(d)]
    k = split(n)
    if m <= k:
        return subproof(m, d[:k], b) + [mth(d[k:])]
    return subproof(m - k, d[k:], False) + [mth(d[:k])]


def proof(m, d):
    return subproof(m, d, True) if 0 < m < len(d) else []


def checkpoint_text(size, root):
    return f"{ORIGIN}\n{size}\n{b64(root)}\n"


def signed(text, name, alg_id, sig):
    return text + "\n" + f"\u2014 {name} {b64(alg_id + sig)}\n"


def main():
    vectors = [json.loads(l) for l in (HERE / "vectors.jsonl").read_text("utf-8").split("\n") if l]
    leaves = [bytes.fromhex(v["hash"]) for v in vectors]
    log, log_private, log_public = keys(*LOG)
    witness, w_private, w_public = keys(*WITNESS)
    checkpoints = []
    for size in (0, 10, len(leaves)):
        text = checkpoint_text(size, mth(leaves[:size]))
        sig = log_private.sign(text.encode("utf-8"))
        checkpoints.append({"size": size, "note": signed(text, log["name"], key_id(log["name"], 1, log_public), sig)})
    last = checkpoints[-1]["note"]
    body = last.split("\n\n")[0] + "\n"
    message = f"cosignature/v1\ntime {COSIGNED_AT}\n".encode("utf-8") + body.encode("utf-8")
    cosig = COSIGNED_AT.to_bytes(8, "big") + w_private.sign(message)
    cosigned = last + f"\u2014 {witness['name']} {b64(key_id(witness['name'], 4, w_public) + cosig)}\n"
    inclusion = []
    for n in (1, 2, 3, 5, 8, 10, 16, len(leaves)):
        for i in sorted({0, n // 2, n - 1}):
            p = {"leaf_index": i, "tree_size": n, "hashes": [b64(h) for h in path(i, leaves[:n])]}
            inclusion.append(rfc8785.dumps(p).decode("utf-8"))
    consistency = []
    for n in (1, 2, 5, 8, 10, 16, len(leaves)):
        for m in sorted({0, 1, n // 2, n - 1, n}):
            p = {"old_size": m, "new_size": n, "hashes": [b64(h) for h in proof(m, leaves[:n])]}
            consistency.append(rfc8785.dumps(p).decode("utf-8"))
    out = {
        "what": "made by tests/golden/make_trust_vectors.py without jixiao; see its docstring",
        "origin": ORIGIN,
        "log_key": log,
        "witness_key": witness,
        "leaves": [l.hex() for l in leaves],
        "roots": [b64(mth(leaves[:k])) for k in range(len(leaves) + 1)],
        "checkpoints": checkpoints,
        "cosigned_at": COSIGNED_AT,
        "cosigned": cosigned,
        "inclusion": inclusion,
        "consistency": consistency,
    }
    target = HERE / "trust_vectors.json"
    target.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}: {len(inclusion)} inclusion and {len(consistency)} consistency proofs")


if __name__ == "__main__":
    main()
