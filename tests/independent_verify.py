#!/usr/bin/env python3
"""Verifies a `jixiao export` file with no jixiao code: only the export lines, an RFC 8785
(JCS) implementation written by someone else (Trail of Bits' `rfc8785`), BLAKE3, and for
checkpoints and proofs SHA-256 (hashlib) and Ed25519 (PyCA `cryptography`).

    pip install blake3 rfc8785 cryptography
    python3 independent_verify.py EXPORT.jsonl [--head SEQ:HASH] [--ledger-id ID]
        [--checkpoint FILE [--log-key VKEY] [--witness-key VKEY]... [--leaves FILE]]
        [--inclusion PROOF.json]... [--consistency PROOF.json]...
    python3 independent_verify.py --bundle BUNDLE.json [--log-key VKEY] [--witness-key VKEY]...

For each line, in order: parse it as JSON (no floats, no duplicate keys), drop `hash`,
JCS-encode the rest, hash it with BLAKE3 in derive-key mode (context "jixiao ledger event
v1") and compare with `hash`; check that `prev` is the previous line's hash (64 zeros for
seq 1), that seqs run 1, 2, 3, ... without gaps, and that the line is itself the JCS form
of the whole object. With --head, the export must contain that (seq, hash): the proof that
the ledger still extends a head an auditor kept.

Format 2 and signatures (signed_check.py beside this file): project_prev links, and in a
signed ledger every signature (over its statement; needs --ledger-id) and role against the
actors registered in the `_ledger` stream as of that seq.

Checkpoints and proofs (trust_check.py beside this file, DESIGN.md "Trust"): the Merkle tree
is RFC 9162's over the 32 raw bytes of each line's hash. With --checkpoint (a
c2sp.org/tlog-checkpoint note) the export must hold at least its size and the root over that
many leaves must be its root; --log-key checks the log's Ed25519 note signature and each
--witness-key a c2sp.org/tlog-cosignature cosignature/v1 line; --leaves (the leaf file kept
with the checkpoint, or an old export) names the first seq where the export differs.
--inclusion and --consistency check RFC 9162 proofs against the export's roots.

A report bundle (`jixiao report P --bundle F`, bundle_check.py beside this file): each
event's hash, its project_prev link, its inclusion proof against the bundled checkpoint, the
last bundled event against the project head the report quotes, the checkpoint's origin and
size against the report, its signatures with --log-key / --witness-key, and every event's and
`_ledger` event's statement signature and role against the bundled actor registrations (as
signed_check.py judges an export).

Exit 0 when everything holds; 1 naming the first bad seq; 2 on usage errors.
"""

import json
import sys

import blake3
import rfc8785

CONTEXT = "jixiao ledger event v1"
ZERO = "0" * 64
HEX = set("0123456789abcdef")


class Bad(Exception):
    pass


def no_duplicates(pairs):
    obj = {}
    for key, value in pairs:
        if key in obj:
            raise Bad(f"duplicate key {key!r}")
        obj[key] = value
    return obj


def no_floats(text):
    raise Bad(f"number {text} is not an integer; decimals must be strings")


def is_hash(value):
    return isinstance(value, str) and len(value) == 64 and set(value) <= HEX


def check_line(raw, expected_seq, prev):
    """Returns the line's hash, or raises Bad with what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Bad(f"not UTF-8 ({e})")
    try:
        obj = json.loads(text, object_pairs_hook=no_duplicates, parse_float=no_floats,
                         parse_constant=no_floats)
    except ValueError as e:
        raise Bad(f"not JSON ({e})")
    if not isinstance(obj, dict):
        raise Bad("not a JSON object")
    seq = obj.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise Bad("seq is missing or not an integer")
    if seq != expected_seq:
        raise Bad(f"seq gap: expected seq {expected_seq}, found seq {seq}")
    quoted = obj.pop("hash", None)
    if not is_hash(quoted):
        raise Bad("hash is missing or not 64 lowercase hex digits")
    if obj.get("prev") != prev:
        raise Bad(f"broken prev link: prev is {obj.get('prev')!r} but the previous hash is {prev}")
    try:
        canonical = rfc8785.dumps(obj)
    except rfc8785.CanonicalizationError as e:
        raise Bad(f"cannot be canonicalised: {e}")
    actual = blake3.blake3(canonical, derive_key_context=CONTEXT).hexdigest()
    if actual != quoted:
        raise Bad(f"hash mismatch: content hashes to {actual} but {quoted} is recorded")
    obj["hash"] = quoted
    if rfc8785.dumps(obj) != raw:
        raise Bad("non-canonical bytes: the line is not the JCS form of its object")
    return actual


def verify(path, head=None, ledger_id=None):
    """(exit code, the leaves: each line's hash as 32 bytes) of checking the export."""
    import signed_check
    signed = signed_check.Signed(ledger_id)
    with open(path, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    prev = ZERO
    seen_head = head is None
    leaves = []
    for i, raw in enumerate(lines):
        seq = i + 1
        try:
            prev = check_line(raw, seq, prev)
            signed.step(json.loads(raw), prev)
        except (Bad, signed_check.Bad) as e:
            print(f"FAIL seq {seq}: {e}", file=sys.stderr)
            return 1, leaves
        leaves.append(bytes.fromhex(prev))
        if head is not None and head == (seq, prev):
            seen_head = True
    if not seen_head:
        print(f"FAIL seq {head[0]}: the export does not contain head seq {head[0]} hash {head[1]}",
              file=sys.stderr)
        return 1, leaves
    tip = f"head seq {len(lines)} {prev}" if lines else "empty"
    sigs = f", {signed.signed} signatures verified" if signed.signed else ""
    print(f"ok: {len(lines)} events verified independently (rfc8785 + blake3{sigs}), {tip}")
    return 0, leaves


USAGE = ("usage: independent_verify.py EXPORT.jsonl [--head SEQ:HASH] [--ledger-id ID] [--checkpoint FILE "
         "[--log-key VKEY] [--witness-key VKEY]... [--leaves FILE]] [--inclusion PROOF]... "
         "[--consistency PROOF]...")


def parse_args(args):
    """The export path and a dict of options, or raises ValueError with what is wrong."""
    opts = {"head": None, "ledger-id": None, "checkpoint": None, "log-key": None, "leaves": None,
            "witness-key": [], "inclusion": [], "consistency": [], "bundle": None}
    export = None
    while args:
        arg = args.pop(0)
        if arg.startswith("--"):
            name = arg[2:]
            if name == "help":
                raise ValueError("independent verifier of jixiao exports, checkpoints and bundles")
            if name not in opts or not args:
                raise ValueError(f"unknown option or missing value: {arg}")
            value = args.pop(0)
            if isinstance(opts[name], list):
                opts[name].append(value)
            else:
                opts[name] = value
        elif export is None:
            export = arg
        else:
            raise ValueError(f"unexpected argument {arg}")
    if export is None and opts["bundle"] is None:
        raise ValueError("no export file")
    if (opts["log-key"] or opts["witness-key"]) and opts["bundle"]:
        return export, opts
    if (opts["log-key"] or opts["witness-key"] or opts["leaves"]) and not opts["checkpoint"]:
        raise ValueError("--log-key, --witness-key and --leaves need --checkpoint")
    if opts["head"] is not None:
        seq, _, digest = opts["head"].partition(":")
        if not seq.isdigit() or not is_hash(digest):
            raise ValueError("--head takes SEQ:HASH (64 lowercase hex digits)")
        opts["head"] = (int(seq), digest)
    return export, opts


def main(argv):
    try:
        export, opts = parse_args(argv[1:])
    except ValueError as e:
        print(f"{e}\n{USAGE}", file=sys.stderr)
        return 2
    try:
        if opts["bundle"]:
            import bundle_check
            return bundle_check.check(opts["bundle"], opts)
        code, leaves = verify(export, opts["head"], opts["ledger-id"])
        if code != 0:
            return code
        import trust_check
        return trust_check.check(leaves, opts)
    except OSError as e:
        print(f"cannot read: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
