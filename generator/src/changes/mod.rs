//! The API-change report: what changed on the public surface between two
//! models, and whether each change breaks users of the crate.
//!
//! A model is flattened into items keyed by stable paths ([`surface`]),
//! the two lists are compared attribute by attribute ([`compare`]), and the
//! result is rendered as text or Markdown ([`report`]). A rename is a
//! removal plus an addition: keys are wire names and spec names, the only
//! identities the spec has.
//!
//! # Rules
//!
//! Breaking means code written against the old crate stops compiling, or
//! behaves differently on the wire; additive means old code keeps working.
//!
//! | change | severity | why |
//! |---|---|---|
//! | schema, field, enum value, variant, endpoint removed | breaking | code naming it stops compiling; a removed value or variant decodes as `Unknown` |
//! | schema or endpoint added | additive | new names only |
//! | optional field added | additive | struct literals naming every field need it too; `..Default::default()` or `new` avoid that |
//! | required (non-`Option`) field added, request | breaking | `new` takes it, struct literals must set it |
//! | required (non-`Option`) field added, response only | additive | a new field users may read |
//! | enum value or union variant added | additive | the enums keep an `Unknown` variant; a value that decoded as `Unknown` now decodes to the new variant, and a `match` without `_` must add an arm |
//! | field becomes required / optional (`Option` changes) | breaking | `T` and `Option<T>` are different Rust types, in requests and responses alike |
//! | nullable field becomes required in a request | breaking | it must now be sent |
//! | type, Rust name, `Box`, generic parameter, schema kind, union style or tag changes | breaking | the Rust type or name changes |
//! | `keep_unknown_fields` / `Default` lost | breaking | the `extra` field or `..Default::default()` is gone |
//! | `keep_unknown_fields` / `Default` gained | additive | |
//! | `strict` set / cleared on a field | breaking / additive | a value that does not fit fails the response / is kept in `extra` |
//! | `secret` set | additive | `Debug` redacts more |
//! | `secret` cleared | breaking | `Debug` shows the value: logs may leak it |
//! | endpoint method, path, parameters type or placement, response type | breaking | requests go elsewhere or the signature changes |
//! | path parameter added or removed | breaking | the function's arguments change |
//! | description, source, note; schema moved to another file | documentation only | no effect on the Rust API |
//!
//! **Against Rust's semver rules** (`cargo semver-checks`, checked by
//! `tests/tests/semver_checks.rs` and `scripts/semver-checks.sh` where the
//! tool is installed): the verdicts agree but in two directions, on
//! purpose. Stricter here: a `secret` cleared, and an endpoint's method or
//! path, change nothing that compiles, yet change what users' logs show or
//! where requests go, so the report calls them breaking. More lenient here:
//! an added field or enum value is, for cargo-semver-checks, a major change
//! (`constructible_struct_adds_field`, `enum_variant_added`: the generated
//! structs and enums are not `#[non_exhaustive]`, so exhaustive struct
//! literals and `match`es stop compiling). The report calls them additive
//! because every generated struct has `new`/`Default` and every enum an
//! `Unknown` arm that `match`es are expected to handle; a pair with only
//! such changes is the known disagreement.
//!
//! Request or response is decided by reachability from the endpoints' params
//! and response types ([`crate::usage`]); a schema used by both counts as request.
//!
//! To compare a new model attribute, add an [`Attr`](surface::Attr)
//! variant, record it in `surface.rs` (`field_facts` for fields,
//! `schema_items` for schemas, `endpoint_items` for endpoints) and give its
//! rule in `compare::classify`; the compiler points at the `match`.

pub mod compare;
pub mod git;
pub mod report;
pub mod surface;

use std::path::Path;

pub use compare::{Change, Severity};
pub use report::ChangeReport;

use crate::model::ApiModel;

/// Every change from `before` to `after`.
pub fn compare_models(before: &ApiModel, after: &ApiModel) -> ChangeReport {
    ChangeReport {
        changes: compare::compare(&surface::flatten(before), &surface::flatten(after)),
    }
}

/// Why the workspace could not be compared with a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompareError {
    /// git is missing, the folder is no repository, or the revision is unknown.
    Git(String),
    /// The spec (working tree or revision) has errors.
    Spec(String),
    /// The working tree's spec folder cannot be read.
    Io(String),
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompareError::Git(message)
            | CompareError::Spec(message)
            | CompareError::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CompareError {}

/// The model of `spec/` at `revision` in the git repository holding `root`.
pub fn model_at_revision(root: &Path, revision: &str) -> Result<ApiModel, CompareError> {
    let sources = git::spec_sources_at(root, revision).map_err(CompareError::Git)?;
    crate::build_model(&sources).map_err(|diagnostics| {
        CompareError::Spec(format!(
            "{diagnostics}\nerror: the spec at `{revision}` has errors under today's rules \
             (a revision older than a rule, such as typed ids for `expandable<T>`, cannot be \
             compared; pick a later base)"
        ))
    })
}

/// Compares the working tree's `root/spec/` with `spec/` at `revision`.
pub fn compare_workspace(root: &Path, revision: &str) -> Result<ChangeReport, CompareError> {
    let before = model_at_revision(root, revision)?;
    let after = crate::sync::workspace_model(root).map_err(|error| match error {
        crate::sync::WorkspaceError::Spec(message) => CompareError::Spec(message),
        crate::sync::WorkspaceError::Io(message) | crate::sync::WorkspaceError::Bug(message) => {
            CompareError::Io(message)
        }
    })?;
    Ok(compare_models(&before, &after))
}
