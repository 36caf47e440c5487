//! `schemas/` (JSON Schema, draft 2020-12) is generated from the Rust types: one file per
//! event type's `data`, the envelope, the export line and the import line. This test
//! regenerates them and fails on any difference; `JIXIAO_UPDATE_SCHEMAS=1 cargo test --test it
//! schemas` rewrites the files. The sample's import lines and export lines are then checked
//! against the schemas by a small validator (no `pattern`/`format`: see `mini_validate`),
//! and lines the Rust types reject are rejected by the schemas too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jixiao::event::{EventData, TYPE_NAMES};
use serde_json::{json, Map, Value};

use crate::support::{repo_file, Jx};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
const HASH_PATTERN: &str = "^[0-9a-f]{64}$";
const REFRESH: &str = "JIXIAO_UPDATE_SCHEMAS=1 cargo test --test it schemas";

/// Every generated schema file, by path under `schemas/`.
fn generated() -> BTreeMap<String, Value> {
    let mut files = BTreeMap::new();
    for (name, schema) in EventData::data_schemas() {
        files.insert(format!("events/{name}.json"), schema.to_value());
    }
    let (envelope, import) = envelope_and_import();
    files.insert("envelope.json".into(), envelope);
    files.insert(
        "export-line.json".into(),
        json!({
            "$schema": DRAFT,
            "title": "jixiao export line",
            "description": "One line of `jixiao export`: the stored envelope with its hash, in JCS form.",
            "allOf": [{"$ref": "envelope.json"}],
            "required": ["hash"]
        }),
    );
    files.insert("import-line.json".into(), import);
    files
}

/// The envelope and the import line, built around schemars' schemas of the shared types.
fn envelope_and_import() -> (Value, Value) {
    let mut generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let day = generator.subschema_for::<jixiao::time::Day>().to_value();
    let project = generator
        .subschema_for::<jixiao::ids::ProjectId>()
        .to_value();
    let defs = Value::Object(generator.take_definitions(true));
    let by_type: Vec<Value> = TYPE_NAMES
        .iter()
        .map(|t| {
            json!({
                "properties": {"type": {"const": t}, "data": {"$ref": format!("events/{t}.json")}},
                "required": ["type", "data"]
            })
        })
        .collect();
    let kind = json!({"type": "string", "enum": TYPE_NAMES});
    let actor =
        json!({"type": "string", "minLength": 1, "maxLength": jixiao::ids::MAX_ACTOR_CHARS});
    let key = json!({
        "type": "string",
        "minLength": 1,
        "maxLength": jixiao::ids::MAX_KEY_CHARS,
        "description": "Idempotency key of the import line: a line whose key its project already holds, from the same content, is skipped (so a re-run import is harmless); the same key with other content is refused. Stored in the envelope; no whitespace, control, invisible or bidirectional characters, quotes or backslashes."
    });
    let instant = json!({"type": "string", "description": "UTC instant, whole milliseconds: 2026-11-26T03:00:00.000Z", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"});
    let sig = json!({"type": "string", "description": "Ed25519 signature (base64, 64 bytes) of the statement: b\"jixiao statement v1\\n\" + JCS of {actor, data, effective, ledger, project, signed_at, type}", "pattern": "^[A-Za-z0-9+/]{86}==$"});
    let signed_at = json!({"description": "The signer's clock when it signed the statement (RFC 3339, UTC, milliseconds); comes with `sig`", "allOf": [instant]});
    let envelope = json!({
        "$schema": DRAFT,
        "title": "jixiao event envelope (format 1 and 2)",
        "description": "A stored event. `hash` = BLAKE3 derive-key (context \"jixiao ledger event v1\") of the RFC 8785 (JCS) bytes of the envelope without `hash`; present in export lines. `prev` of seq 1 is 64 zeros.",
        "type": "object",
        "properties": {
            "seq": {"type": "integer", "minimum": 1, "maximum": jixiao::event::canonical::MAX_SAFE_INTEGER},
            "recorded_at": {"type": "string", "description": "UTC instant, whole milliseconds: 2026-11-26T03:00:00.000Z", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$"},
            "effective": day,
            "actor": actor,
            "project": project,
            "type": kind,
            "data": {"type": "object"},
            "prev": {"type": "string", "pattern": HASH_PATTERN},
            "hash": {"type": "string", "pattern": HASH_PATTERN},
            "id": key,
            "v": {"const": 2, "description": "Format 2: present with project_prev"},
            "project_prev": {"type": "string", "pattern": HASH_PATTERN, "description": "Format 2: the hash of the previous event of the same project (64 zeros for its first)"},
            "signed_at": signed_at,
            "sig": sig
        },
        "dependentRequired": {"v": ["project_prev"], "project_prev": ["v"], "sig": ["signed_at"], "signed_at": ["sig"]},
        "required": ["seq", "recorded_at", "effective", "actor", "project", "type", "data", "prev"],
        "additionalProperties": false,
        "oneOf": by_type,
        "$defs": defs
    });
    let import = json!({
        "$schema": DRAFT,
        "title": "jixiao import line",
        "description": "One line of `jixiao import`; the ledger adds seq, recorded_at, prev and hash, and actor from --actor when absent. Amounts may be written as 3,410,000.00, 341万, 1.08万元, ….",
        "type": "object",
        "properties": {
            "type": kind,
            "project": project,
            "effective": day,
            "actor": actor,
            "data": {"type": "object"},
            "id": key,
            "signed_at": signed_at,
            "sig": sig
        },
        "dependentRequired": {"sig": ["signed_at"], "signed_at": ["sig"]},
        "required": ["type", "project", "effective", "data"],
        "additionalProperties": false,
        "oneOf": by_type,
        "$defs": defs
    });
    (envelope, import)
}

fn schemas_dir() -> PathBuf {
    repo_file("schemas")
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("json") + "\n"
}

#[test]
fn schemas_match_the_rust_types() {
    let dir = schemas_dir();
    let files = generated();
    if std::env::var_os("JIXIAO_UPDATE_SCHEMAS").is_some() {
        let _ = std::fs::remove_dir_all(dir.join("events"));
        for (rel, schema) in &files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, pretty(schema)).unwrap();
        }
        eprintln!(
            "rewrote {} schema files under {}",
            files.len(),
            dir.display()
        );
        return;
    }
    let mut problems = Vec::new();
    for (rel, schema) in &files {
        match std::fs::read_to_string(dir.join(rel)) {
            Ok(text) if text == pretty(schema) => {}
            Ok(_) => problems.push(format!("schemas/{rel} differs from the Rust types")),
            Err(_) => problems.push(format!("schemas/{rel} is missing")),
        }
    }
    for entry in std::fs::read_dir(dir.join("events"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let rel = format!("events/{}", entry.file_name().to_string_lossy());
        if !files.contains_key(&rel) {
            problems.push(format!("schemas/{rel} has no event type"));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\nrefresh the schemas with: {REFRESH}",
        problems.join("\n")
    );
}

// ---- checking lines against the schemas ----

/// A validator for the subset of JSON Schema the schemas use: `$ref` (local and relative
/// files), `type`, `enum`, `const`, `properties`, `required`, `additionalProperties: false`,
/// `items`, `anyOf`, `oneOf`, `allOf`, `minimum`, `maximum`, `minLength`, `maxLength`.
/// `pattern` and `format` are not checked: no regex engine is a dependency, and the JSON
/// Schema validator crates were too heavy to build for this one test.
struct Validator {
    files: BTreeMap<String, Value>,
}

impl Validator {
    fn new() -> Validator {
        Validator { files: generated() }
    }

    fn check(&self, file: &str, value: &Value) -> Result<(), String> {
        let root = &self.files[file];
        self.at(file, root, value, "")
    }

    fn resolve<'a>(&'a self, file: &'a str, reference: &str) -> (&'a str, &'a Value) {
        let (target, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if target.is_empty() {
            file
        } else {
            let base = Path::new(file).parent().unwrap_or(Path::new(""));
            let joined = base.join(target).to_string_lossy().into_owned();
            self.files
                .get_key_value(&joined)
                .map(|(k, _)| k.as_str())
                .unwrap_or_else(|| panic!("no schema {joined}"))
        };
        let schema = self.files[file]
            .pointer(pointer)
            .unwrap_or_else(|| panic!("no {reference} in {file}"));
        (file, schema)
    }

    fn at(&self, file: &str, schema: &Value, v: &Value, path: &str) -> Result<(), String> {
        let Value::Object(s) = schema else {
            return match schema {
                Value::Bool(false) => Err(format!("{path}: nothing is allowed")),
                _ => Ok(()),
            };
        };
        let fail = |what: String| {
            Err(format!(
                "{}: {what}",
                if path.is_empty() { "." } else { path }
            ))
        };
        if let Some(Value::String(r)) = s.get("$ref") {
            let (f, target) = self.resolve(file, r);
            self.at(f, target, v, path)?;
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !types.iter().any(|t| type_matches(t, v)) {
                return fail(format!("{v} is not of type {types:?}"));
            }
        }
        if let Some(Value::Array(options)) = s.get("enum") {
            if !options.contains(v) {
                return fail(format!("{v} is not one of {options:?}"));
            }
        }
        if let Some(c) = s.get("const") {
            if c != v {
                return fail(format!("{v} is not {c}"));
            }
        }
        if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64()) {
            if n < min {
                return fail(format!("{n} is below {min}"));
            }
        }
        if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_f64), v.as_f64()) {
            if n > max {
                return fail(format!("{n} is above {max}"));
            }
        }
        if let Some(text) = v.as_str() {
            let chars = text.chars().count() as u64;
            if s.get("minLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| chars < m)
            {
                return fail(format!("{text:?} is too short"));
            }
            if s.get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| chars > m)
            {
                return fail(format!("{text:?} is too long"));
            }
        }
        if let Value::Object(members) = v {
            self.object(file, s, members, path)?;
        }
        if let (Some(items), Value::Array(list)) = (s.get("items"), v) {
            for (i, item) in list.iter().enumerate() {
                self.at(file, items, item, &format!("{path}[{i}]"))?;
            }
        }
        if let Some(Value::Array(all)) = s.get("allOf") {
            for sub in all {
                self.at(file, sub, v, path)?;
            }
        }
        if let Some(Value::Array(any)) = s.get("anyOf") {
            if !any.iter().any(|sub| self.at(file, sub, v, path).is_ok()) {
                return fail("matches none of anyOf".into());
            }
        }
        if let Some(Value::Array(one)) = s.get("oneOf") {
            let results: Vec<_> = one.iter().map(|sub| self.at(file, sub, v, path)).collect();
            let ok = results.iter().filter(|r| r.is_ok()).count();
            if ok != 1 {
                let why: Vec<String> = results
                    .into_iter()
                    .filter_map(Result::err)
                    .filter(|e| !e.contains("is not \""))
                    .collect();
                return fail(format!("matches {ok} of oneOf: {}", why.join("; ")));
            }
        }
        Ok(())
    }

    fn object(
        &self,
        file: &str,
        s: &Map<String, Value>,
        members: &Map<String, Value>,
        path: &str,
    ) -> Result<(), String> {
        let props = s.get("properties").and_then(Value::as_object);
        for required in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = required.as_str().unwrap_or_default();
            if !members.contains_key(name) {
                return Err(format!("{path}.{name}: is required"));
            }
        }
        for (name, member) in members {
            match props.and_then(|p| p.get(name)) {
                Some(sub) => self.at(file, sub, member, &format!("{path}.{name}"))?,
                None if s.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{path}.{name}: is not allowed"));
                }
                None => {}
            }
        }
        Ok(())
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

#[test]
fn the_sample_fits_the_schemas_both_as_import_lines_and_as_export_lines() {
    let validator = Validator::new();
    let sample = std::fs::read_to_string(repo_file("src/demo/sample.jsonl")).unwrap();
    for (i, line) in sample
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let v: Value = serde_json::from_str(line).unwrap();
        validator
            .check("import-line.json", &v)
            .unwrap_or_else(|e| panic!("sample line {}: {e}", i + 1));
    }
    let jx = Jx::uninit();
    jx.run(&["demo"]).ok();
    for line in crate::support::export_lines(&jx.export()) {
        let v: Value = serde_json::from_str(&line).unwrap();
        validator
            .check("export-line.json", &v)
            .unwrap_or_else(|e| panic!("{e}\n{line}"));
        let mut stored = v.clone();
        stored.as_object_mut().unwrap().remove("hash");
        validator.check("envelope.json", &stored).unwrap();
        assert!(
            validator.check("export-line.json", &stored).is_err(),
            "an export line needs its hash"
        );
    }
    let vectors = std::fs::read_to_string(repo_file("tests/golden/vectors.jsonl")).unwrap();
    for line in vectors.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        validator
            .check("envelope.json", &v["event"])
            .unwrap_or_else(|e| panic!("vector {}: {e}", v["what"]));
    }
}

#[test]
fn what_the_rust_types_refuse_the_schemas_refuse() {
    let validator = Validator::new();
    let good = json!({"type": "funds.disbursed", "project": "p", "effective": "2023-05-01",
        "data": {"amount": "1.08万元", "purpose": "宣传"}});
    validator.check("import-line.json", &good).unwrap();
    assert!(jixiao::event::ImportLine::parse(&good.to_string()).is_ok());
    let mut cases = Vec::new();
    let mut unknown_data_field = good.clone();
    unknown_data_field["data"]["colour"] = json!("red");
    cases.push(unknown_data_field);
    let mut unknown_member = good.clone();
    unknown_member["seq"] = json!(5);
    cases.push(unknown_member);
    let mut missing_purpose = good.clone();
    missing_purpose["data"]
        .as_object_mut()
        .unwrap()
        .remove("purpose");
    cases.push(missing_purpose);
    let mut unknown_type = good.clone();
    unknown_type["type"] = json!("funds.spent");
    cases.push(unknown_type);
    let mut other_types_data = good.clone();
    other_types_data["type"] = json!("goal.set");
    cases.push(other_types_data);
    let mut number_amount = good.clone();
    number_amount["data"]["amount"] = json!(108);
    cases.push(number_amount);
    let mut bad_tier = json!({"type": "indicator.assessed", "project": "p", "effective": "2023-05-01",
        "data": {"id": "i1", "tier": "优秀"}});
    cases.push(bad_tier.clone());
    bad_tier["data"]["tier"] = json!("部分达成");
    bad_tier["data"]["score_ratio"] = json!("0.7");
    validator.check("import-line.json", &bad_tier).unwrap();
    for case in cases {
        assert!(
            jixiao::event::ImportLine::parse(&case.to_string()).is_err(),
            "Rust accepts {case}"
        );
        assert!(
            validator.check("import-line.json", &case).is_err(),
            "the schema accepts {case}"
        );
    }
}
