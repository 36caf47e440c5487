# trust messages (en): keys, checkpoints, Merkle proofs and witnesses (issue 15), and the
# help texts of their commands.

## Library errors and verdicts

trust-io = cannot read or write { $path }: { $error }
key-name-bad = key name { $name } cannot be used: { $why } (a name has no whitespace and no "+", e.g. zj-czj/budget)
key-name-char = it contains { $char }
vkey-bad = verifier key { $value } is not valid: { $why } (the form is name+8 hex key id+base64(type byte || public key))
vkey-why-parts = two "+" must split it into name, key id and public key
vkey-why-id = the key id must be 8 lowercase hex digits
vkey-why-base64 = the public key part is not standard base64
vkey-why-type = the type byte must be 0x01 (signature) or 0x04 (cosignature)
vkey-why-length = an Ed25519 public key is 32 bytes
vkey-why-point = not a valid Ed25519 public key
vkey-why-id-mismatch = the key id is not the one the name and key give (the first 4 bytes of SHA-256(name || 0x0A || type || key))
private-key-bad = the private key is not valid (the form is PRIVATE+KEY+name+key id+base64(0x01 || seed), with the key id matching the key)
key-exists = key { $name } exists ({ $path }): an existing key is never overwritten; choose another name
key-dir-not-dir = key directory { $path } is not a directory
key-missing = the key directory { $dir } has no key { $name } (jixiao key list shows the keys, jixiao key new { $name } creates it)
key-permissions = { $path } has mode { $mode }, which lets other users read it: a private key must be yours alone (run chmod { $want } { $path })
key-file-bad = key file { $path }: { $message }
proof-index-outside = seq { $seq } is not in a tree of size { $size }
proof-sizes-backwards = old tree size { $old } is larger than new tree size { $new }
proof-inclusion-fails = the inclusion proof does not hold: the event at seq { $seq } is not in the tree of size { $size } with root { $root }
proof-consistency-fails = the consistency proof does not hold: the tree of size { $old } with root { $old_root } is not a prefix of the tree of size { $new } with root { $new_root }
proof-hash-bad = { $what } proof hashes[{ $index }] = { $value } is not base64 of a 32-byte hash
proof-json-bad = { $what } proof is not valid JSON of its form: { $error }
checkpoint-bad = the checkpoint is not valid: { $why }
checkpoint-why-lines = its text must be exactly three lines (origin, tree size, root hash); jixiao writes no extension lines and accepts none
checkpoint-why-origin = the first line (origin) is empty
checkpoint-why-size = the second line (tree size) must be decimal without leading zeros
checkpoint-why-root = the third line (root hash) must be base64 of 32 bytes
checkpoint-signature-invalid = the checkpoint's signature by key { $key } is invalid: the checkpoint was changed after it was signed, or the signature is forged
note-bad = not a valid signed note (c2sp.org/signed-note): { $error }
leaves-line-bad = leaf file line { $line }: { $why }
leaves-why-hex = expected an event hash in 64 lowercase hex digits
leaves-why-seq = the export line's seq should be { $seq }
checkpoint-truncated = the ledger has only { $have } events and the checkpoint recorded { $size } (root { $root }): the ledger was truncated or rolled back, missing from seq { $first }
checkpoint-diverges = the Merkle root of the first { $size } events is { $got }, the checkpoint says { $root }: the ledger does not extend the history the checkpoint recorded. To name the first differing seq, give the leaf file kept with the checkpoint (written by jixiao checkpoint --leaves) or an export of that time with --leaves
checkpoint-diverges-at = from seq { $seq } on the ledger differs from the history of the checkpoint (size { $size }, root { $root }): that event's hash was { $kept } at the checkpoint and is { $now } now
leaves-too-few = the leaf file has only { $count } leaves and the checkpoint { $size }: it was not kept with this checkpoint
leaves-not-checkpoint = the root of the leaf file's first { $size } leaves is { $got }, the checkpoint's { $root }: it was not kept with this checkpoint and cannot name a seq
witness-state-bad = witness state file { $path } is not valid: { $message }
witness-rollback = refused to cosign: the checkpoint of { $origin } rolled back: the last cosigned had size { $old } (root { $old_root }), this one only { $new } (root { $new_root })
witness-fork = refused to cosign: { $origin } forked: the last cosigned at size { $old } had root { $old_root }, this one at the same size { $new } has root { $new_root }
witness-inconsistent = refused to cosign: { $origin } forked: the tree of size { $new } (root { $new_root }) does not extend the last cosigned of size { $old } (root { $old_root }); the consistency proof fails
witness-proof-needed = a consistency proof --proof is needed: the last cosigned checkpoint of { $origin } had size { $old } (root { $old_root }), this one { $new } (root { $new_root }); jixiao prove consistency --from { $old } --to { $new } gives it
witness-proof-sizes = the consistency proof is for sizes { $proof_old } → { $proof_new }, it should be from the last cosigned { $old } → this { $new }

## Command line

keys-no-home = no default key directory (neither HOME nor XDG_CONFIG_HOME is set): give --keys or JIXIAO_KEYS
key-dir-in-ledger = key directory { $path } lies inside the ledger { $ledger }: whoever holds a copy of a ledger must not hold its signing keys; give --keys outside the ledger
key-random-failed = no randomness for a new key: { $error }
key-created = created key { $name } (private key { $path }, mode 0600). The line above is its verifier key, to publish; as a witness its cosignature verifier key is { $cosigner }
key-list-empty = the key directory { $dir } holds no key yet (jixiao key new NAME creates one)
checkpoint-written = wrote checkpoint { $path }: { $origin }, size { $size }, root { $root }
prove-past-head = { $option } { $size } is past the head seq { $head }
prove-seq-outside = seq { $seq } is not within 1 to { $size }
prove-from-past-to = --from { $from } is larger than --to { $to }
cosign-time-bad = the clock reads { $now }, before 1970, which cannot be a cosignature's time
cosign-done = cosigned { $origin } (size { $size }, root { $root }) with cosigner key { $key }, cosigned at { $time }
checkpoint-other-ledger = the checkpoint is of { $origin }, this ledger is { $ledger }
verify-checkpoint-log-ok = the checkpoint's log signature is valid: { $key }
verify-checkpoint-unsigned-note = note: no --log-key given, the checkpoint's signature was not checked
verify-checkpoint-cosigned = witness cosignature valid: { $key }, cosigned at { $time }
verify-checkpoint-export-origin = note: an export holds no ledger id; the checkpoint's origin { $origin } was not compared
verify-checkpoint-extends = extends the checkpoint: the Merkle root of the first { $size } events equals that of checkpoint { $origin } (root { $root }); { $have } events now

## Help

help-key = Keys for checkpoints and cosignatures: create one (Ed25519), list them (the key directory lies outside any ledger)
help-key-new = Create an Ed25519 key in the key directory and print its verifier key
help-key-new--name = Key name: no whitespace, no "+" (an actor id such as zj-czj/budget is a good one)
help-key-new--keys = Key directory [env: JIXIAO_KEYS] [default: $XDG_CONFIG_HOME/jixiao/keys, else ~/.config/jixiao/keys]; never inside a ledger
help-key-list = List the keys in the key directory: name and verifier key, one per line
help-key-list--keys = Key directory [env: JIXIAO_KEYS] [default: $XDG_CONFIG_HOME/jixiao/keys, else ~/.config/jixiao/keys]
help-checkpoint = Write the ledger's checkpoint (c2sp.org/tlog-checkpoint) signed with --key
help-checkpoint--key = Name of the log's signing key in the key directory (the ledger's admin key)
help-checkpoint--keys = Key directory [env: JIXIAO_KEYS] [default: $XDG_CONFIG_HOME/jixiao/keys, else ~/.config/jixiao/keys]
help-checkpoint--out = Write the checkpoint to this file (not inside the ledger directory) [default: stdout]
help-checkpoint--leaves = Also write the leaf file: each event's hash in seq order, one per line, kept beside the checkpoint so that verify --checkpoint --leaves can name the first changed seq
help-prove = Print a Merkle inclusion or consistency proof (RFC 9162) as JSON
help-prove-inclusion = Print the inclusion proof of one event in the tree of the first N events
help-prove-inclusion--seq = The event's seq (its leaf index is seq − 1)
help-prove-inclusion--size = Tree size N [default: the head seq]
help-prove-consistency = Print the consistency proof that the first M events extend the first N
help-prove-consistency--from = Old tree size N (a checkpoint's size)
help-prove-consistency--to = New tree size M [default: the head seq]
help-cosign = As a witness: check a checkpoint against the last one cosigned for its ledger, then add a cosignature (c2sp.org/tlog-cosignature); refuses a rollback or a fork
help-cosign--checkpoint = The log's checkpoint (a signed note) to cosign
help-cosign--proof = Consistency proof from the last checkpoint cosigned for this origin (jixiao prove consistency --from OLD --to NEW); not needed the first time or at the same size
help-cosign--key = Name of the witness's own signing key in the key directory
help-cosign--keys = Key directory [env: JIXIAO_KEYS] [default: $XDG_CONFIG_HOME/jixiao/keys, else ~/.config/jixiao/keys]
help-cosign--state = The witness's state directory: the last checkpoint it cosigned, one file per origin
help-cosign--log-key = The log's verifier key (name+id+key, or a file holding it)
help-cosign--out = Write the cosigned checkpoint to this file [default: stdout]
help-verify--checkpoint = A checkpoint kept elsewhere: the ledger (or export) must extend it
help-verify--log-key = The log's verifier key: the checkpoint's signature must verify with it
help-verify--witness-key = A witness's verifier key: its cosignature must be on the checkpoint (repeatable)
help-verify--leaves = The leaf file kept with the checkpoint (or an export of that time): names the first seq where the ledger differs from it

## report bundles (report --bundle, verify-bundle)

bundle-bad = not a readable report bundle: { $why }
bundle-checkpoint-short = the checkpoint's size { $size } is below the report's head seq { $head }: it does not cover the report's events
bundle-hash-mismatch = an event in the bundle was altered: hash mismatch at seq { $seq } (JCS + BLAKE3 recomputed)
bundle-proof-fails = the inclusion proof for seq { $seq } does not lead to the checkpoint root { $root } (a proof from another checkpoint, or an event not in it)
bundle-event-foreign = the event at seq { $seq } is not of { $project }, or seqs do not rise, or it is past the report's head
bundle-link-broken = an event was removed from the bundle: project_prev break at seq { $seq } (it links to { $found }, the previous bundled event hashes to { $expected })
bundle-signature-bad = bad signature or role at seq { $seq }: { $what }
bundle-report-differs = the bundle's report does not recompute from its events: { $why }
bundle-report-field = the bundle's report does not recompute from its events (first difference): { $field }
bundle-project-head-missing = the bundle leaves out the project's last events: the report rests on the project's events up to seq { $seq } (hash { $hash }), the bundle's events of the project end at seq { $last }: seq { $seq } was removed
bundle-project-head-differs = the bundle's last event of the project (seq { $last }, hash { $found }) is not the project's last event the report rests on (seq { $seq }, hash { $hash })
bundle-signer = { $actor } ({ $role })
bundle-written = wrote the report bundle { $path }: project { $project }, { $events } events, checkpoint size { $size }, report digest { $digest }
bundle-needs-checkpoint = a bundle needs a checkpoint: sign one now with --key NAME, or give a kept (possibly cosigned) one with --checkpoint FILE
bundle-checkpoint-covers = the checkpoint's size { $size } does not cover the report: it must be at least the report's head seq { $head } and at most the ledger's head seq { $ledger_head }
bundle-checkpoint-root = the checkpoint (size { $size }) has root { $root }, the ledger's first { $size } events have root { $ledger_root }: not this ledger's history
bundle-ok = report bundle intact: project { $project }, { $events } events, checkpoint size { $size }, signers { $signers }, report digest { $digest }
bundle-log-unchecked = note: no --log-key given, so the checkpoint's signature line { $lines } was not checked and who signed the checkpoint is unknown; "intact" says only that the bundle's events, inclusion proofs and checkpoint agree with each other. Check it with --log-key and the ledger admin's verifier key
help-report--bundle = Write a report bundle: the JSON report, the project's events, their inclusion proofs, a signed checkpoint and the actors the signatures rest on; check it with verify-bundle
help-report--key = Sign a checkpoint at the head on the spot with this key (the log's admin key) for the bundle
help-report--checkpoint = A kept (possibly cosigned) checkpoint file for the bundle: it must cover the report's head and its root must match the ledger's first N events
help-report--keys = Key directory [env: JIXIAO_KEYS] [default: $XDG_CONFIG_HOME/jixiao/keys, else ~/.config/jixiao/keys]
help-verify-bundle = Check a report bundle with no ledger: hashes, project links, inclusion proofs, the checkpoint's signatures, the events' signatures and roles, and the report recomputed
help-verify-bundle--file = The bundle file
help-verify-bundle--log-key = The log's verifier key: the checkpoint's signature must verify with it
help-verify-bundle--witness-key = A witness's verifier key: its cosignature must be on the checkpoint (repeatable)

## Who signs a checkpoint, its signature lines, a cosignature's time (issue 15 walk-through)

checkpoint-signed-admin = the checkpoint is signed by this ledger's admin { $name } (key id { $id }, registered at seq { $seq })
checkpoint-signed-unchecked = the checkpoint is signed by key { $name } (key id { $id }); this ledger has no registered admin (an unsigned ledger), so whether the key is the ledger admin's was not checked
checkpoint-signer-not-admin = this ledger has a registered admin, so a checkpoint must be signed by the key of a registered, unrevoked admin, but key { $name } (key id { $id }) { $why }; the ledger's admin keys: { $admins }. Nothing was written
checkpoint-signer-why-unknown = is not registered in this ledger
checkpoint-signer-why-role = is the key of actor { $actor }, registered as { $role } (seq { $seq }), not an admin
checkpoint-signer-why-revoked = belongs to an admin revoked at seq { $seq } ({ $reason })
checkpoint-signer-why-other-key = differs from the registered verifier key of { $actor }, { $registered }
checkpoint-sig-line = { $name } ({ $kind }, key id { $id })
checkpoint-no-log-line = the checkpoint's signature lines do not include the key given with --log-key, { $name } (key id { $id }): its signature lines are { $lines }. { $hint }
checkpoint-no-cosignature = the checkpoint's signature lines do not include a cosignature by the witness given with --witness-key, { $name } (cosigner key id { $id }): its signature lines are { $lines }. { $hint }
bundle-cosignatures-unchecked = note: no --witness-key given for these witnesses, so the checkpoint's signature lines { $lines } were not checked. Check them with --witness-key and each witness's verifier key (repeatable)
bundle-no-witness = note: the checkpoint carries no witness cosignature: it shows only that the log signed this history itself, not that a witness (the finance bureau, an auditor) saw it
checkpoint-line-log = log signature
checkpoint-line-cosignature = witness cosignature
checkpoint-hint-log-key = Either --log-key is the wrong key (give the ledger admin's verifier key), or this checkpoint was not signed by that key and must not be trusted as signed by it
checkpoint-hint-log-key-is-witness = On this checkpoint that key is a witness's cosignature (key id { $id }), not the log's signature: give a witness's key with --witness-key, and the ledger admin's verifier key with --log-key
checkpoint-hint-witness-key = Either --witness-key is the wrong key, or that witness did not cosign this checkpoint
checkpoint-hint-witness-key-is-log = On this checkpoint that key is the log's signature (key id { $id }), not a witness's cosignature: give the log's key with --log-key
bundle-counts-differ = the bundle holds { $events } events but { $proofs } inclusion proofs, which must pair up: an event or a proof was removed or added
