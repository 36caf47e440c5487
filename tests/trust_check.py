"""Checkpoints and Merkle proofs of a jixiao export, with no jixiao code (used by
independent_verify.py): hashlib's SHA-256 and PyCA `cryptography`'s Ed25519.

- Merkle tree: RFC 9162 §2.1.1 over the 32 raw bytes of each event's hash, in seq order.
- Inclusion and consistency proofs: RFC 9162 §2.1.3.2 and §2.1.4.2, JSON
  {leaf_index, tree_size, hashes} and {old_size, new_size, hashes}, hashes in base64; from
  size 0 or between equal sizes a consistency proof is empty.
- Checkpoint: a c2sp.org/signed-note whose text is origin, size, base64 root; signature lines
  "— name base64(key id || signature)". The log's: Ed25519 over the text, key id
  SHA-256(name || 0x0A || 0x01 || key)[:4]. A witness's (c2sp.org/tlog-cosignature):
  key id with type 0x04, then a big-endian u64 time and Ed25519 over
  "cosignature/v1\\ntime <t>\\n" || text.
"""

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Fail(Exception):
    pass


def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(d):
    """MTH(D[n]) as RFC 9162 §2.1.1 defines it."""
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return leaf_hash(d[0])
    k = 1
    while k * 2 < len(d):
        k *= 2
    return node_hash(mth(d[:k]), mth(d[k:]))


def b64(data):
    return base64.b64encode(data).decode("ascii")


def verify_inclusion(leaf, index, size, path, root):
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf_hash(leaf)
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, path, first_hash, second_hash):
    """RFC 9162 §2.1.4.2 for 0 < first < second; empty proofs at the edges."""
    if first > second:
        return False
    if first == 0:
        return not path and first_hash == mth([])
    if first == second:
        return not path and first_hash == second_hash
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_hash] + path
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_hash and sr == second_hash and sn == 0


def parse_vkey(text):
    """(name, key id bytes, type, public key) of name+hexid+base64(type||key)."""
    name, hex_id, key = text.strip().split("+", 2)
    raw = base64.b64decode(key, validate=True)
    if len(raw) != 33 or raw[0] not in (1, 4):
        raise Fail(f"not an Ed25519 verifier key: {text}")
    key_id = hashlib.sha256(name.encode() + b"\n" + raw[:1] + raw[1:]).digest()[:4]
    if key_id.hex() != hex_id:
        raise Fail(f"key id {hex_id} does not match the key: {text}")
    return name, raw[1:]


def read_vkey(text):
    try:
        return parse_vkey(text)
    except (ValueError, Fail):
        with open(text, encoding="utf-8") as f:
            return parse_vkey(f.read())


def parse_note(data):
    """(text, [(name, raw signature bytes)]) of a signed note."""
    note = data.decode("utf-8")
    text, sep, sigs = note.rpartition("\n\n")
    if not sep or not sigs.endswith("\n"):
        raise Fail("not a signed note (no blank line before signature lines)")
    lines = []
    for line in sigs[:-1].split("\n"):
        if not line.startswith("\u2014 "):
            raise Fail(f"not a signature line: {line!r}")
        name, _, sig = line[2:].rpartition(" ")
        lines.append((name, base64.b64decode(sig, validate=True)))
    return text + "\n", lines


def signatures_of(lines, name, alg, public):
    key_id = hashlib.sha256(name.encode() + b"\n" + bytes([alg]) + public).digest()[:4]
    return [s[4:] for n, s in lines if n == name and s[:4] == key_id]


def check_log(text, lines, vkey):
    name, public = read_vkey(vkey)
    sigs = signatures_of(lines, name, 1, public)
    if not sigs:
        raise Fail(f"the checkpoint has no signature by {vkey}")
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(sigs[0], text.encode())
    except InvalidSignature:
        raise Fail(f"the checkpoint's signature by {vkey} is invalid")
    print(f"ok: log signature by {name}")


def check_witness(text, lines, vkey):
    name, public = read_vkey(vkey)
    sigs = signatures_of(lines, name, 4, public)
    if not sigs or len(sigs[0]) != 72:
        raise Fail(f"the checkpoint has no cosignature by {vkey}")
    time = int.from_bytes(sigs[0][:8], "big")
    message = f"cosignature/v1\ntime {time}\n".encode() + text.encode()
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(sigs[0][8:], message)
    except InvalidSignature:
        raise Fail(f"the cosignature by {vkey} is invalid")
    print(f"ok: cosignature by {name} at time {time}")


def read_kept(path):
    """Leaves from a leaf file (hex lines) or an export (each line's hash)."""
    with open(path, "rb") as f:
        lines = [l for l in f.read().split(b"\n") if l]
    return [bytes.fromhex(json.loads(l)["hash"] if l.startswith(b"{") else l.decode()) for l in lines]


def check_checkpoint(leaves, opts):
    with open(opts["checkpoint"], "rb") as f:
        text, lines = parse_note(f.read())
    origin, size, root = text[:-1].split("\n")
    size, root = int(size), base64.b64decode(root, validate=True)
    if opts["log-key"]:
        check_log(text, lines, opts["log-key"])
    for vkey in opts["witness-key"]:
        check_witness(text, lines, vkey)
    if len(leaves) < size:
        raise Fail(f"seq {len(leaves) + 1}: the export has {len(leaves)} events, "
                   f"the checkpoint {size}: truncated")
    got = mth(leaves[:size])
    if got == root:
        print(f"ok: extends checkpoint {origin} size {size} root {b64(root)}")
        return root
    if opts["leaves"]:
        kept = read_kept(opts["leaves"])[:size]
        if len(kept) < size or mth(kept) != root:
            raise Fail("the leaves file was not kept with this checkpoint (its root differs)")
        seq = next(i for i, (a, b) in enumerate(zip(kept, leaves)) if a != b) + 1
        raise Fail(f"seq {seq}: differs from the checkpoint's history "
                   f"(hash was {kept[seq - 1].hex()}, is {leaves[seq - 1].hex()})")
    raise Fail(f"root of the first {size} events is {b64(got)}, the checkpoint's {b64(root)}: "
               "not the checkpoint's history")


def load_proof(path, keys):
    with open(path, encoding="utf-8") as f:
        p = json.load(f)
    if set(p) != set(keys) or any(type(p[k]) is not int or p[k] < 0 for k in keys[:2]):
        raise Fail(f"{path}: a proof has exactly {keys}")
    return p, [base64.b64decode(h, validate=True) for h in p["hashes"]]


def check_proofs(leaves, opts):
    for path in opts["inclusion"]:
        p, hashes = load_proof(path, ["leaf_index", "tree_size", "hashes"])
        i, n = p["leaf_index"], p["tree_size"]
        if n > len(leaves) or not verify_inclusion(leaves[i] if i < n else b"", i, n, hashes,
                                                   mth(leaves[:n])):
            raise Fail(f"seq {i + 1}: the inclusion proof in tree size {n} does not hold")
        print(f"ok: seq {i + 1} is included in the tree of size {n}")
    for path in opts["consistency"]:
        p, hashes = load_proof(path, ["old_size", "new_size", "hashes"])
        m, n = p["old_size"], p["new_size"]
        if n > len(leaves) or not verify_consistency(m, n, hashes, mth(leaves[:m]), mth(leaves[:n])):
            raise Fail(f"the consistency proof from size {m} to {n} does not hold")
        print(f"ok: the tree of size {n} extends the tree of size {m}")


def check(leaves, opts):
    """Exit code of the checkpoint and proof checks the options ask for."""
    try:
        if opts["checkpoint"]:
            check_checkpoint(leaves, opts)
        check_proofs(leaves, opts)
    except Fail as e:
        print(f"FAIL {e}", file=sys.stderr)
        return 1
    except (ValueError, KeyError) as e:
        print(f"bad input: {e}", file=sys.stderr)
        return 2
    return 0
