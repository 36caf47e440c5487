//! The ids of the business rules, as a refusal quotes them (`rule voucher-unique: …`). Every
//! id the ledger emits is a constant here and listed in `ALL`, so that the command line can
//! name each rule in the users' words (`i18n::rule_name`; a test checks that every id has a
//! name in both languages).

pub const PROJECT_REGISTERED_ONCE: &str = "project-registered-once";
pub const UNKNOWN_PROJECT: &str = "unknown-project";
pub const REPLACEMENT_IDS: &str = "replacement-ids";
pub const INDICATOR_DEFINED: &str = "indicator-defined";
pub const INDICATOR_UNIQUE: &str = "indicator-unique";
pub const GOAL_UNIQUE: &str = "goal-unique";
pub const GOAL_DEFINED: &str = "goal-defined";
pub const GOAL_ACTIVE: &str = "goal-active";
pub const TARGET_FORM: &str = "target-form";
pub const TARGET_EXISTS: &str = "target-exists";
pub const TARGET_NOT_CORRECTION: &str = "target-not-correction";
pub const TARGET_NOT_REVERSED: &str = "target-not-reversed";
pub const REPLACEMENT_TYPE: &str = "replacement-type";
pub const REGISTRATION_KEPT: &str = "registration-kept";
pub const SPENDING_WITHIN_ARRIVED: &str = "spending-within-arrived";
pub const SPENDING_WITHIN_ARRIVED_BY_DATE: &str = "spending-within-arrived-by-date";
pub const ARRIVED_WITHIN_BUDGET: &str = "arrived-within-budget";
pub const AMOUNT_POSITIVE: &str = "amount-positive";
pub const KNOWN_POLICY: &str = "known-policy";
pub const LEVEL2_WEIGHT_NAME: &str = "level2-weight-name";
pub const TIER_SCORE: &str = "tier-score";
pub const TIER_BAND: &str = "tier-band";
pub const PROJECT_WITHDRAWN: &str = "project-withdrawn";
pub const WITHDRAW_WITHOUT_MONEY: &str = "withdraw-without-money";
pub const VOUCHER_UNIQUE: &str = "voucher-unique";
pub const WEIGHT_AT_MOST_100: &str = "weight-at-most-100";
pub const SCORE_AT_MOST_100: &str = "score-at-most-100";
pub const IMPORT_KEY_UNIQUE: &str = "import-key-unique";
pub const NARRATIVE_SECTION: &str = "narrative-section";
pub const INDICATORS_PER_PROJECT: &str = "indicators-per-project";
pub const GOALS_PER_PROJECT: &str = "goals-per-project";
pub const SECTIONS_PER_PROJECT: &str = "sections-per-project";
/// Quoted inside its own message (`ledger::text`), not as `rule X: …`.
pub const TEXT_NO_CONTROL: &str = "text-no-control";
/// Quoted inside its own message (`event::keys`).
pub const NO_DUPLICATE_KEYS: &str = "no-duplicate-keys";
/// Quoted inside its own message (appends, replay and verify).
pub const RECORDED_IN_ORDER: &str = "recorded-in-order";
/// Signing rules (signed ledgers, `ledger::signing`).
pub const SIGNATURE_REQUIRED: &str = "signature-required";
pub const SIGNER_REGISTERED: &str = "signer-registered";
pub const SIGNER_NOT_REVOKED: &str = "signer-not-revoked";
pub const SIGNER_ROLE: &str = "signer-role";
pub const SIGNATURE_VALID: &str = "signature-valid";
pub const STATEMENT_ONCE: &str = "statement-once";
pub const LEDGER_STREAM: &str = "ledger-stream";
pub const ACTOR_UNIQUE: &str = "actor-unique";
pub const ACTOR_KNOWN: &str = "actor-known";
pub const ACTOR_KEY: &str = "actor-key";
pub const ROLES_KNOWN: &str = "roles-known";
pub const SIGNATURES_NEED_FORMAT_2: &str = "signatures-need-format-2";

/// Every rule id, in the order the rules are judged.
pub const ALL: &[&str] = &[
    PROJECT_REGISTERED_ONCE,
    UNKNOWN_PROJECT,
    REPLACEMENT_IDS,
    INDICATOR_DEFINED,
    INDICATOR_UNIQUE,
    GOAL_UNIQUE,
    GOAL_DEFINED,
    GOAL_ACTIVE,
    TARGET_FORM,
    TARGET_EXISTS,
    TARGET_NOT_CORRECTION,
    TARGET_NOT_REVERSED,
    REPLACEMENT_TYPE,
    REGISTRATION_KEPT,
    SPENDING_WITHIN_ARRIVED,
    SPENDING_WITHIN_ARRIVED_BY_DATE,
    ARRIVED_WITHIN_BUDGET,
    AMOUNT_POSITIVE,
    KNOWN_POLICY,
    LEVEL2_WEIGHT_NAME,
    TIER_SCORE,
    TIER_BAND,
    PROJECT_WITHDRAWN,
    WITHDRAW_WITHOUT_MONEY,
    VOUCHER_UNIQUE,
    WEIGHT_AT_MOST_100,
    SCORE_AT_MOST_100,
    IMPORT_KEY_UNIQUE,
    NARRATIVE_SECTION,
    INDICATORS_PER_PROJECT,
    GOALS_PER_PROJECT,
    SECTIONS_PER_PROJECT,
    TEXT_NO_CONTROL,
    NO_DUPLICATE_KEYS,
    SIGNATURE_REQUIRED,
    SIGNER_REGISTERED,
    SIGNER_NOT_REVOKED,
    SIGNER_ROLE,
    SIGNATURE_VALID,
    STATEMENT_ONCE,
    LEDGER_STREAM,
    ACTOR_UNIQUE,
    ACTOR_KNOWN,
    ACTOR_KEY,
    ROLES_KNOWN,
    SIGNATURES_NEED_FORMAT_2,
    RECORDED_IN_ORDER,
];
