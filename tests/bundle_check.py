"""Checks a jixiao report bundle (`jixiao report P --bundle F`) with no jixiao code, for
independent_verify.py --bundle F: each event's hash (RFC 8785 JCS + BLAKE3), each
`project_prev` link to the previous bundled event of its project (64 zeros for the first),
each RFC 9162 inclusion proof (leaf seq - 1, the checkpoint's size) against the checkpoint's
root, the checkpoint's origin (`jixiao/` + the report's ledger id) and size (at least the
report's head seq), with --log-key / --witness-key the checkpoint's note signature and
cosignatures, and every signature of a bundled event and of the bundled `_ledger` events
(signed_check.py: each statement's Ed25519 signature with the key of the actor registered
as of its seq, revocations, the bootstrap admin, roles-2026), all events in seq order. The
last bundled event must be the project's last event the report rests on
(`integrity.project_head_seq` / `project_head_hash`), so a bundle with its last events left
out fails naming that seq. The recomputed report is left to `jixiao verify-bundle`.
"""

import base64
import json

import blake3
import rfc8785

import signed_check
import trust_check

CONTEXT = "jixiao ledger event v1"
ZERO = "0" * 64


class Bad(Exception):
    pass


def no_floats(text):
    raise ValueError(f"a float or constant {text!r} (jixiao writes none)")


def event_hash(event):
    obj = dict(event)
    quoted = obj.pop("hash", None)
    actual = blake3.blake3(rfc8785.dumps(obj), derive_key_context=CONTEXT).hexdigest()
    if actual != quoted:
        raise Bad(f"hash mismatch: content hashes to {actual} but {quoted} is recorded")
    return actual


def check_proof(proof, seq, hash_hex, size, root):
    if proof.get("leaf_index") != seq - 1 or proof.get("tree_size") != size:
        raise Bad(f"proof is for leaf {proof.get('leaf_index')} of size {proof.get('tree_size')}, "
                  f"not leaf {seq - 1} of the checkpoint's size {size}")
    path = [base64.b64decode(h, validate=True) for h in proof.get("hashes", [])]
    if not trust_check.verify_inclusion(bytes.fromhex(hash_hex), seq - 1, size, path, root):
        raise Bad("proof does not lead to the checkpoint root")


def check_lines(pairs, size, root):
    """Each (event, proof): hash, project_prev link, inclusion proof. Raises (seq, Bad)."""
    heads = {}
    for event, proof in pairs:
        seq = event.get("seq")
        try:
            digest = event_hash(event)
            expected = heads.get(event.get("project"), ZERO)
            if event.get("project_prev") != expected:
                raise Bad(f"project_prev break: links to {event.get('project_prev')}, "
                          f"the previous bundled event hashes to {expected}")
            check_proof(proof, seq, digest, size, root)
        except (Bad, ValueError, TypeError) as e:
            raise Bad(f"seq {seq}: {e}")
        heads[event.get("project")] = digest


def check_signatures(events, actors, ledger_id):
    """Every event and `_ledger` event in seq order, judged as signed_check judges an export
    (the actors as of each seq). Returns how many signatures verified; raises Bad naming the
    seq."""
    signed = signed_check.Signed(ledger_id)
    for obj in sorted(list(events) + list(actors), key=lambda e: e.get("seq")):
        try:
            signed.judge(obj)
        except (signed_check.Bad, KeyError, ValueError) as e:
            raise Bad(f"seq {obj.get('seq')}: {e}")
        signed.kinds[obj["seq"]] = obj["type"]
    return signed.signed


def check_project_head(events, report):
    """The last bundled event is the project head the report quotes. Raises Bad naming it."""
    integrity = report.get("integrity", {})
    seq, quoted = integrity.get("project_head_seq"), integrity.get("project_head_hash")
    if not isinstance(seq, int) or not isinstance(quoted, str):
        raise Bad("the report quotes no integrity.project_head_seq / project_head_hash")
    last = events[-1] if events else {}
    if last.get("seq", 0) < seq:
        raise Bad(f"seq {seq}: missing: the report rests on the project's events up to seq {seq} "
                  f"(hash {quoted}), the bundle's events of the project end at seq {last.get('seq', 0)}")
    if last.get("seq") != seq or last.get("hash") != quoted:
        raise Bad(f"seq {last.get('seq')}: the bundle's last event of the project is not the "
                  f"project head the report quotes (seq {seq}, hash {quoted})")


def check(path, opts):
    """0 when the bundle holds, 1 naming the first failure."""
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f, parse_float=no_floats, parse_constant=no_floats)
    try:
        if bundle.get("bundle") != "jixiao bundle v1":
            raise Bad("not a jixiao bundle v1")
        text, lines = trust_check.parse_note(bundle["checkpoint"].encode("utf-8"))
        origin, size, root = text.split("\n")[:3]
        size, root = int(size), base64.b64decode(root, validate=True)
        integrity = bundle["report"].get("integrity", {})
        ledger_id = integrity.get("ledger_id")
        if origin != f"jixiao/{ledger_id}":
            raise Bad(f"the checkpoint is of {origin}, the report's ledger is jixiao/{ledger_id}")
        if size < integrity.get("head_seq", 0):
            raise Bad(f"the checkpoint's size {size} is below the report's head seq "
                      f"{integrity.get('head_seq')}")
        if opts.get("log-key"):
            trust_check.check_log(text, lines, opts["log-key"])
        for w in opts.get("witness-key", []):
            trust_check.check_witness(text, lines, w)
        if len(bundle["events"]) != len(bundle["proofs"]):
            raise Bad("events and proofs differ in number")
        check_lines(zip(bundle["events"], bundle["proofs"]), size, root)
        check_project_head(bundle["events"], bundle["report"])
        check_lines([(a["event"], a["proof"]) for a in bundle["actors"]], size, root)
        sigs = check_signatures(bundle["events"], [a["event"] for a in bundle["actors"]],
                                ledger_id)
    except (Bad, trust_check.Fail) as e:
        print(f"FAIL {e}", file=__import__("sys").stderr)
        return 1
    project = bundle["report"].get("project", {}).get("id")
    print(f"ok: bundle of {project}: {len(bundle['events'])} events and {len(bundle['actors'])} "
          f"_ledger events ({sigs} signatures) verified independently against checkpoint "
          f"{origin} size {size}")
    if not opts.get("log-key"):
        print("note: the checkpoint's log signature was not checked (no --log-key given)")
    if not opts.get("witness-key"):
        print("note: no cosignature was checked (no --witness-key given)")
    print("note: the report's figures were not recomputed here (that needs the scoring rules: "
          "`jixiao verify-bundle`); this check covers the events, proofs, signatures and the "
          "project head the report quotes")
    return 0
