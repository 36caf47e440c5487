//! JSON Schemas of the outputs other tools rely on: the JSON report and `state --json`.
//! A test keeps `schemas/report.json` and `schemas/state.json` equal to what the types say.

use schemars::generate::SchemaSettings;
use serde_json::Value;

fn generate<T: schemars::JsonSchema>() -> Value {
    let schema = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    serde_json::to_value(schema).expect("invariant: schemas serialize")
}

pub fn report_schema() -> Value {
    generate::<super::Report>()
}

pub fn state_schema() -> Value {
    generate::<crate::projection::ProjectState>()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set `JIXIAO_UPDATE_SCHEMAS=1` to rewrite the files from the types.
    fn check(name: &str, schema: Value) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schemas")
            .join(name);
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if std::env::var("JIXIAO_UPDATE_SCHEMAS").is_ok() {
            std::fs::write(&path, &text).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(on_disk == text, "schemas/{name} differs from the Rust types; refresh with: JIXIAO_UPDATE_SCHEMAS=1 cargo test --lib schema");
    }

    #[test]
    fn report_schema_matches_types() {
        check("report.json", report_schema());
    }

    #[test]
    fn state_schema_matches_types() {
        check("state.json", state_schema());
    }
}
