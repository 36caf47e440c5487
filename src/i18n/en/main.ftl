# jixiao's English messages. Every message here exists in zh-CN too (a test checks).
#
# This file and rules.ftl are read two ways: as messages, and as templates that English
# library text (errors' Display, serde's wording) is matched against, so that the command line
# can show it in Chinese (src/i18n/translate.rs). Each English text below is exactly what the
# library prints; a test reads every error variant back through them.

lang-test = test { $value }
raw = { $text }

## Frames around a message: where it happened

rejected-line = line { $line }: field { $field }: { $message }
field-error = field { $field }: { $message }
rule-violation = rule { $rule }: { $message }
read-damaged = seq { $seq }: { $message }
read-back = the ledger could not be read back: { $message }

## Amounts (money.rs)

amount-empty = amount is empty
amount-garbage = amount { $value } is not a number of 元 (expected e.g. 3410000, 3,410,000.00, 341万, 1.08万元)
amount-negative = amount { $value } is negative; amounts are recorded as positive figures
amount-too-precise = amount { $value } has more than two decimals in 元 (分 is the smallest unit)
amount-too-long = amount { $value } is longer than { $max } characters; no amount is written that long
amount-too-large = amount { $value } exceeds the limit of 1万亿元
amount-zero = amount { $value } must be greater than zero

## Dates and instants (time.rs)

date-bad = date { $value } is not a calendar date in the form YYYY-MM-DD
date-out-of-range = date { $value } is outside 2000..=2100
instant-bad = instant { $value } is not RFC 3339 (e.g. 2024-01-15T10:00:00+08:00), a date, or seq:N

## Ids (ids.rs)

id-project = project id { $value } is not valid: { $why }
id-item = id { $value } is not valid: { $why }
id-actor = actor { $value } is not valid: { $why }
why-empty = must not be empty
why-too-long = is too long: { $count } characters, the limit is { $max }
why-whitespace = must not contain whitespace or control characters

## Numbers and targets (number.rs, value/)

number-bad = number { $value } is not a non-negative decimal string (at most { $decimals } decimals, at most { $max })
target-empty = target { $value }: empty
target-too-long = target { $value }: longer than { $max } characters
target-missing-number = target { $value }: the comparator is not followed by a number
target-signed = target { $value }: signed numbers are not accepted as targets
target-malformed = target { $value }: not a number (thousands separators group digits by three: `1,000`)
target-too-many-digits = target { $value }: more than { $max } significant digits or decimal places
target-invalid-date = target { $value }: not a calendar date
target-not-a-date = target { $value }: a deadline needs a date such as `2023年底` or `2023-12-31`
target-comparator-mismatch = target { $value }: the comparator given is { $given }, but the text reads as { $found }
target-conflicting-bounds = target { $value }: { $prefix } before the number contradicts { $suffix } after it

## Import lines and event data (event/)

event-type-unknown = unknown event type { $value } (known: { $known })
json-too-deep = JSON nests deeper than { $max } levels (MAX_JSON_DEPTH)
json-array-member = a JSON array as { $member } where an object or a value is expected (arrays only for { $allowed })
json-array = a JSON array where an object or a value is expected (arrays only for { $allowed })
value-not-valid = { $value } is not valid
correction-of-correction = a correction cannot replace with a correction or reversal ({ $kind }); correct the original event
line-too-long = line is longer than { $max } bytes (MAX_LINE_BYTES)
line-not-utf8 = not valid UTF-8 at byte { $at }
line-unreadable = cannot read: { $error }

## serde's words for data that does not fit its type

serde-unknown-variant = unknown variant `{ $value }`, expected one of { $allowed }
serde-unknown-variant-one = unknown variant `{ $value }`, expected { $allowed }
serde-unknown-field = unknown field `{ $name }`, expected one of { $allowed }
serde-unknown-field-one = unknown field `{ $name }`, expected { $allowed }
serde-unknown-field-none = unknown field `{ $name }`, there are no fields
serde-unknown-field-bare = unknown field `{ $name }`
serde-missing-field = missing field `{ $name }`
serde-duplicate-field = duplicate field `{ $name }`
serde-invalid-type = invalid type: { $found }, expected { $expected }
serde-invalid-value = invalid value: { $found }, expected { $expected }
serde-invalid-length = invalid length { $found }, expected { $expected }
json-eof = EOF while parsing { $thing }
json-expected-value = expected value
json-expected-colon = expected `:`
json-expected-comma-list = expected `,` or `]`
json-expected-comma-object = expected `,` or `{"}"}`
json-trailing-characters = trailing characters
json-trailing-comma = trailing comma
json-key-not-string = key must be a string
json-invalid-escape = invalid escape
json-invalid-number = invalid number
json-number-out-of-range = number out of range
json-control-character = control character (\u0000-\u001F) found while parsing a string
json-recursion = recursion limit exceeded

## Limits (limits.rs)

text-too-many-bytes = text is { $count } bytes, above the limit of { $max } (MAX_TEXT_BYTES)
text-too-many-chars = text is { $count } characters, above the limit of { $max } (MAX_FIELD_CHARS)
event-too-large = event is { $count } bytes, above the limit of { $max } (MAX_EVENT_BYTES)
batch-too-large = more than { $max } events in one batch (limit MAX_BATCH_EVENTS)

## Storage (store/)

store-in-use = ledger at { $path } is in use by another process; retry when it has finished
store-exists = a ledger already exists at { $path }
store-damaged = ledger storage is damaged: { $message }
store-damaged-at = ledger storage is damaged at seq { $seq }: { $message }
store-error = storage error: { $message }
store-head-file = cannot write the head file: { $message }
store-read-only = the ledger at { $path } is read-only (read-only media, --read-only, or an export file); nothing was written
store-unverified = the ledger at { $path } does not verify at seq { $seq }: { $what }; it is not opened
store-conflict = the ledger moved while this command ran: it expected head seq { $expected }, found seq { $found }; nothing was written
