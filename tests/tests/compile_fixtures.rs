//! Every fixture spec the validator accepts must produce code that
//! *compiles*, not merely parses: each one is generated into its own scratch
//! crate and type-checked with warnings denied.
//!
//! The scratch crates include the real `wire.rs` and `expandable.rs` that
//! generated code calls, and a stub of the HTTP layer with the same
//! signatures as the real one, so they need only serde to build.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::SpecSource;

/// Accepted specs: the snapshot fixtures and the catalogue's success cases.
const FIXTURES: &[&str] = &[
    "codegen/objects",
    "codegen/enums",
    "codegen/tagged_union",
    "codegen/struct_union",
    "codegen/embedded_union",
    "codegen/expandable",
    "codegen/renames",
    "codegen/secrets",
    "codegen/inline_objects",
    "codegen/generic_list",
    "codegen/endpoints",
    "broken/cross_file_reference_ok",
    "broken/field_name_yaml_null",
    "broken/inline_object_derived_name_ok",
    "broken/reference_cycle_by_value",
    "broken/rust_keywords_as_enum_values",
    "broken/rust_keywords_as_fields",
    "broken/rust_keywords_as_fields_without_upper_self",
];

/// The runtime surface generated code uses, minus the HTTP client.
const STUB_RUNTIME: &str = r#"
pub type RawObject = serde_json::Map<String, serde_json::Value>;
pub type Timestamp = i64;
pub trait HasId { fn id(&self) -> Option<&str>; }
#[path = "WIRE"] #[doc(hidden)] pub mod wire;
#[path = "EXPANDABLE"] mod expandable;
pub use expandable::Expandable;
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
}
pub fn encode_path_segment(segment: &str) -> String { segment.to_owned() }
"#;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn sources(fixture: &str) -> Vec<SpecSource> {
    let base = repo().join("tests/fixtures").join(fixture);
    let (dir, files): (PathBuf, Vec<PathBuf>) = if base.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&base)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        files.sort();
        (base, files)
    } else {
        let file = base.with_extension("yaml");
        (file.parent().unwrap().to_path_buf(), vec![file])
    };
    files
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(&dir).unwrap().to_path_buf();
            SpecSource::new(Path::new("spec").join(name), std::fs::read(&path).unwrap())
        })
        .collect()
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

#[test]
fn accepted_fixture_specs_compile() {
    let scratch =
        std::env::temp_dir().join(format!("wooshpay-compile-fixtures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let runtime = STUB_RUNTIME
        .replace(
            "WIRE",
            &repo().join("generated/src/wire.rs").display().to_string(),
        )
        .replace(
            "EXPANDABLE",
            &repo()
                .join("generated/src/expandable.rs")
                .display()
                .to_string(),
        );
    let mut members = Vec::new();
    for fixture in FIXTURES {
        let files = generator::generate(&sources(fixture))
            .unwrap_or_else(|error| panic!("{fixture}: {error}"));
        let crate_name = fixture.replace('/', "_");
        let root = scratch.join(&crate_name);
        write(
            &root.join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{crate_name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\nserde_path_to_error = \"0.1\"\n"
            ),
        );
        write(
            &root.join("src/lib.rs"),
            &format!("//! Scratch crate for `{fixture}`.\n#![deny(warnings)]\n#![allow(missing_docs)]\nmod generated;\npub use generated::models::*;\n#[allow(unused_imports)] // specs without endpoints\npub use generated::endpoints::*;\n{runtime}"),
        );
        for file in &files {
            write(&root.join("src/generated").join(&file.path), &file.contents);
        }
        members.push(format!("\"{crate_name}\""));
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
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["check", "--workspace", "--offline", "--quiet"])
        .current_dir(&scratch)
        .env(
            "CARGO_TARGET_DIR",
            std::env::temp_dir().join("wooshpay-compile-fixtures-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "generated code does not compile:\n{stderr}"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
