//! Identifiers: project ids, goal and indicator ids, actors, and ledger sequence numbers.

use serde::{Deserialize, Deserializer, Serialize};

pub const MAX_ID_CHARS: usize = 64;
pub const MAX_ACTOR_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {value:?} is not valid: {why}")]
pub struct IdError {
    pub what: &'static str,
    pub value: String,
    pub why: String,
}

/// Ids go into index keys and terminals: no whitespace, no control characters, no NUL.
pub fn check_id(what: &'static str, value: &str, max_chars: usize) -> Result<(), IdError> {
    let err = |why: String| IdError {
        what,
        value: value.to_string(),
        why,
    };
    if value.is_empty() {
        return Err(err("must not be empty".into()));
    }
    if value.chars().count() > max_chars {
        return Err(err(format!(
            "is too long: {} characters, the limit is {max_chars}",
            value.chars().count()
        )));
    }
    if value
        .chars()
        .any(|c| c.is_control() || (c.is_whitespace() && what != "actor"))
    {
        return Err(err(
            "must not contain whitespace or control characters".into()
        ));
    }
    Ok(())
}

/// A project's stable id (e.g. `zj-scjg-2023-ip`); every event names one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ProjectId(String);

impl ProjectId {
    pub fn new(value: &str) -> Result<ProjectId, IdError> {
        check_id("project id", value, MAX_ID_CHARS)?;
        Ok(ProjectId(value.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ProjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ProjectId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ProjectId, D::Error> {
        let text = String::deserialize(d)?;
        ProjectId::new(&text).map_err(serde::de::Error::custom)
    }
}

/// A goal or indicator id, unique within its project.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct ItemId(String);

impl ItemId {
    pub fn new(value: &str) -> Result<ItemId, IdError> {
        check_id("id", value, MAX_ID_CHARS)?;
        Ok(ItemId(value.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ItemId, D::Error> {
        let text = String::deserialize(d)?;
        ItemId::new(&text).map_err(serde::de::Error::custom)
    }
}
