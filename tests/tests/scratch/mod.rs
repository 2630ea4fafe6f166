//! Type-checking generated code: each spec's output goes into its own
//! scratch crate, and one `cargo check` covers a whole batch of them.
//!
//! The scratch crates include the real `wire.rs`, `tolerant.rs`, `ids.rs`,
//! `expandable.rs` and `map.rs` that generated code calls, and a stub of the HTTP layer
//! with the same signatures as the real one, so they need only serde to build.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::GeneratedFile;

/// The runtime surface generated code uses, minus the HTTP client.
const STUB_RUNTIME: &str = r#"
pub type RawObject = serde_json::Map<String, serde_json::Value>;
pub type Timestamp = i64;
pub trait HasId { fn id(&self) -> Option<&str>; }
#[path = "WIRE"] #[doc(hidden)] pub mod wire;
#[path = "TOLERANT"] mod tolerant;
pub use tolerant::UnfitMember;
#[path = "EXPANDABLE"] mod expandable;
#[path = "MAP"] mod map;
pub use map::{Map, MapIter};
#[path = "IDS"] #[allow(unused_macros, unused_imports)] mod ids;
pub use expandable::{Expandable, Object};
/// Stands in for the HTTP client.
pub struct Client;
/// Stands in for the HTTP method.
#[allow(dead_code)]
pub enum Method { Get, Post, Delete }
/// Stands in for a pending call; same builder signatures as the real one.
pub struct ApiCall<'c, R>(std::marker::PhantomData<(&'c Client, R)>);
impl<'c, R> ApiCall<'c, R> {
    pub fn new(_client: &'c Client, _method: Method, _path: String) -> Self { ApiCall(std::marker::PhantomData) }
    pub fn with_body<P: serde::Serialize + ?Sized>(self, _params: &P) -> Self { self }
    pub fn with_query<P: serde::Serialize + ?Sized>(self, _params: &P) -> Self { self }
    pub fn path_template(self, _template: &'static str) -> Self { self }
}
impl<R> ApiCall<'_, Option<R>> {
    pub fn empty_object_as_none(self) -> Self { self }
}
pub fn encode_path_segment(segment: &str) -> String { segment.to_owned() }
/// Stands in for the redaction the real `Debug` impls call.
mod redact {
    pub fn scrub(text: &str) -> String { text.to_owned() }
    pub fn redact_value(value: &serde_json::Value) -> serde_json::Value { value.clone() }
}
/// Stands in for the runtime's report of an object that did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure;
impl DecodeFailure {
    pub(crate) fn new(_tag: &str, _path: &str, _message: &str) -> DecodeFailure { DecodeFailure }
}
"#;

/// One scratch crate: a name (a valid package name), a comment saying what
/// it was generated from, the generated files, and the per-resource
/// features it is checked with (`None`: every one the code gates on).
pub struct ScratchCrate {
    pub name: String,
    pub origin: String,
    pub files: Vec<GeneratedFile>,
    pub features_on: Option<Vec<String>>,
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

/// Writes every crate into one scratch workspace named `workspace` and
/// type-checks them all with warnings denied. `Err` holds cargo's errors.
#[allow(dead_code)] // each test binary uses part of this module
pub fn type_check(workspace: &str, crates: &[ScratchCrate]) -> Result<(), String> {
    let scratch = write_workspace(workspace, crates);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--workspace", "--offline", "--quiet"])
        .current_dir(&scratch)
        // One target folder for every batch, so serde is built once.
        .env(
            "CARGO_TARGET_DIR",
            std::env::temp_dir().join("wooshpay-compile-fixtures-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    if output.status.success() {
        let _ = std::fs::remove_dir_all(&scratch);
        Ok(())
    } else {
        // The scratch workspace is kept for a look at the failing crate.
        Err(format!(
            "{}\n(scratch workspace kept at {})",
            String::from_utf8_lossy(&output.stderr),
            scratch.display()
        ))
    }
}

/// Writes every crate into one scratch workspace named `workspace` (under
/// the temporary folder, with the repository's lock file) and returns its
/// folder.
pub fn write_workspace(workspace: &str, crates: &[ScratchCrate]) -> PathBuf {
    let scratch = std::env::temp_dir().join(format!("wooshpay-{workspace}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let runtime = STUB_RUNTIME
        .replace(
            "WIRE",
            &repo().join("generated/src/wire.rs").display().to_string(),
        )
        .replace(
            "TOLERANT",
            &repo()
                .join("generated/src/tolerant.rs")
                .display()
                .to_string(),
        )
        .replace(
            "MAP",
            &repo().join("generated/src/map.rs").display().to_string(),
        )
        .replace(
            "IDS",
            &repo().join("generated/src/ids.rs").display().to_string(),
        )
        .replace(
            "EXPANDABLE",
            &repo()
                .join("generated/src/expandable.rs")
                .display()
                .to_string(),
        );
    let mut members = Vec::new();
    for scratch_crate in crates {
        let name = &scratch_crate.name;
        let root = scratch.join(name);
        let features =
            declared_features(&scratch_crate.files, scratch_crate.features_on.as_deref());
        write(
            &root.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = {{ version = \"1\", features = [\"raw_value\"] }}\nserde_path_to_error = \"0.1\"\n\n\
                 {features}\ntracing = []\n"
            ),
        );
        let origin: String = scratch_crate
            .origin
            .lines()
            .map(|line| format!("// {line}\n"))
            .collect();
        write(
            &root.join("src/lib.rs"),
            &format!("{origin}//! Scratch crate `{name}`.\n#![deny(warnings)]\n#![allow(missing_docs)]\nmod generated;\n#[allow(unused_imports)] // specs without schemas\npub use generated::models::*;\n#[allow(unused_imports)] // specs without endpoints\npub use generated::endpoints::*;\n{runtime}"),
        );
        for file in &scratch_crate.files {
            write(&root.join("src/generated").join(&file.path), &file.contents);
        }
        members.push(format!("\"{name}\""));
    }
    write(
        &scratch.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    // The workspace's lock file pins the same serde versions, so no new
    // resolution (and no network) is needed.
    std::fs::copy(repo().join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    scratch
}

/// A `[features]` table declaring every per-resource feature the generated
/// code gates on, and enabling by default those of `on`, or all of them so
/// that the whole output is type-checked.
fn declared_features(files: &[generator::GeneratedFile], on: Option<&[String]>) -> String {
    let mut names = std::collections::BTreeSet::new();
    for file in files {
        for piece in file.contents.split("feature = \"").skip(1) {
            if let Some(end) = piece.find('"') {
                names.insert(&piece[..end]);
            }
        }
    }
    let mut table = String::from("[features]\n");
    let default: Vec<String> = names
        .iter()
        .filter(|name| on.is_none_or(|on| on.iter().any(|feature| feature == *name)))
        .map(|name| format!("\"{name}\""))
        .collect();
    table.push_str(&format!("default = [{}]\n", default.join(", ")));
    for name in &names {
        table.push_str(&format!("{name} = []\n"));
    }
    table
}
