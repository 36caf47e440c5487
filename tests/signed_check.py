"""Format-2 envelopes and signed statements, checked with no jixiao code (DESIGN.md "Trust"):
for independent_verify.py. Per event, in seq order:

- a ledger is all format 1 or all format 2 (`"v": 2`); in format 2 `project_prev` is the hash
  of the previous line of the same project (64 zeros for its first);
- the ledger-level stream (`_ledger`) holds exactly the actor.* and ledger.* events; an
  actor.registered of role admin whose id is its own actor and whose key verifies its own
  signature is accepted while no admin was registered (the bootstrap); after a
  ledger.configured every event must be signed, and actor.*/ledger.* events always are;
- a signature (`sig`, base64 Ed25519 by PyCA `cryptography`) must verify, with the key of the
  registered, unrevoked actor named by `actor`, over b"jixiao statement v1\\n" + JCS of
  {actor, data, effective, ledger, project, signed_at, type} (`ledger` given by --ledger-id);
- the role policy roles-2026 (written here from DESIGN.md, not read from jixiao) must allow
  the signer's role the event's type (a correction or reversal: the type it targets);
- a statement is recorded once.
"""

import base64
import hashlib

import rfc8785

ZERO = "0" * 64


class Bad(Exception):
    pass


def roles_for(kind):
    """roles-2026 (DESIGN.md "Actors and roles")."""
    if kind in ("budget.allocated", "budget.adjusted", "funds.arrived"):
        return {"finance"}
    if kind == "evaluation.claimed":
        return {"head"}
    if kind.startswith("actor.") or kind.startswith("ledger."):
        return {"admin"}
    return {"clerk", "head"}


def parse_vkey(text):
    """(name, 32-byte Ed25519 public key) of a signed-note verifier key, its key id checked."""
    name, key_id, b64 = text.split("+", 2)
    material = base64.b64decode(b64, validate=True)
    if len(material) != 33 or material[0] != 0x01:
        raise Bad(f"verifier key {text!r} is not an Ed25519 (0x01) key")
    digest = hashlib.sha256(name.encode() + b"\n" + material).digest()
    if digest[:4].hex() != key_id:
        raise Bad(f"verifier key {text!r}: key id does not match")
    return name, material[1:]


class Signed:
    def __init__(self, ledger_id):
        self.ledger_id = ledger_id
        self.format2 = None
        self.heads = {}
        self.kinds = {}
        self.actors = {}  # id -> {"role", "key", "revoked"}
        self.required = False
        self.statements = set()
        self.signed = 0

    def statement(self, obj):
        body = {k: obj[k] for k in ("actor", "data", "effective", "project", "signed_at", "type")}
        body["ledger"] = self.ledger_id
        return b"jixiao statement v1\n" + rfc8785.dumps(body)

    def step(self, obj, digest):
        v2 = "v" in obj
        if v2 and (obj["v"] != 2 or "project_prev" not in obj):
            raise Bad("a format-2 envelope has v 2 and project_prev")
        if self.format2 is None:
            self.format2 = v2
        if self.format2 != v2:
            raise Bad("mixed envelope formats")
        project = obj["project"]
        if v2 and obj["project_prev"] != self.heads.get(project, ZERO):
            raise Bad(f"broken project_prev link: project {project}'s previous event is "
                      f"{self.heads.get(project, ZERO)} but project_prev is {obj['project_prev']}")
        self.judge(obj)
        self.heads[project] = digest
        self.kinds[obj["seq"]] = obj["type"]

    def judge(self, obj):
        kind, data, actor = obj["type"], obj["data"], obj["actor"]
        ledger_level = kind.startswith("actor.") or kind.startswith("ledger.")
        if ledger_level != (obj["project"] == "_ledger"):
            raise Bad("rule ledger-stream: _ledger holds exactly the actor.* and ledger.* events")
        signed = "sig" in obj
        if not signed:
            if self.required or ledger_level:
                raise Bad(f"rule signature-required: the {kind} by {actor} is not signed")
            return
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.exceptions import InvalidSignature
        has_admin = any(a["role"] == "admin" for a in self.actors.values())
        bootstrap = (kind == "actor.registered" and data.get("role") == "admin"
                     and data.get("id") == actor and not has_admin)
        if bootstrap:
            key, role = parse_vkey(data["key"])[1], "admin"
        else:
            entry = self.actors.get(actor)
            if entry is None:
                raise Bad(f"rule signer-registered: {actor} is not a registered actor")
            if entry["revoked"]:
                raise Bad(f"rule signer-not-revoked: {actor} was revoked")
            key, role = entry["key"], entry["role"]
        if self.ledger_id is not None:
            statement = self.statement(obj)
            try:
                Ed25519PublicKey.from_public_bytes(key).verify(base64.b64decode(obj["sig"]), statement)
            except InvalidSignature:
                raise Bad(f"rule signature-valid: the signature of {actor} does not verify")
            if statement in self.statements:
                raise Bad("rule statement-once: a signed statement is recorded twice")
            self.statements.add(statement)
            self.signed += 1
        target = self.kinds.get(data.get("target_seq"), kind) if kind.startswith("event.") else kind
        if role not in roles_for(target):
            raise Bad(f"rule signer-role: {actor} ({role}) may not record {target}")
        if kind == "actor.registered":
            self.actors[data["id"]] = {"role": data["role"], "key": parse_vkey(data["key"])[1],
                                       "revoked": False}
        elif kind == "actor.revoked":
            self.actors[data["id"]]["revoked"] = True
        elif kind == "ledger.configured":
            self.required = True
