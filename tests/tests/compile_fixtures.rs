//! Every fixture spec the validator accepts must produce code that
//! *compiles*, not merely parses: each one is generated into its own scratch
//! crate and type-checked with warnings denied.
//!
//! (The scratch crates are built by `scratch/mod.rs`, shared with the
//! fuzz test that type-checks random accepted specs.)

mod scratch;

use std::path::{Path, PathBuf};

use generator::SpecSource;
use scratch::{repo, ScratchCrate};

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
    "codegen/usage",
    "codegen/tolerant",
    "codegen/string_encoded",
    "codegen/typed_references",
    "codegen/empty_response",
    "codegen/gated_union",
    "codegen/boxed_members",
    "broken/cross_file_reference_ok",
    "broken/field_name_yaml_null",
    "broken/inline_object_derived_name_ok",
    "broken/reference_cycle_by_value",
    "broken/rust_keywords_as_enum_values",
    "broken/enum_value_rust_name_ok",
    "broken/rust_keywords_as_fields",
    "broken/rust_keywords_as_fields_without_upper_self",
];

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

/// Fixtures checked a second time with only some of their per-resource
/// features on: unions whose variants follow features must compile, without
/// warnings, when those variants are compiled out.
const FEATURE_SUBSETS: &[(&str, &[&str])] = &[("codegen/gated_union", &["events"])];

#[test]
fn accepted_fixture_specs_compile() {
    let generate = |fixture: &str| {
        generator::generate(&sources(fixture)).unwrap_or_else(|error| panic!("{fixture}: {error}"))
    };
    let mut crates: Vec<ScratchCrate> = FIXTURES
        .iter()
        .map(|fixture| ScratchCrate {
            name: fixture.replace('/', "_"),
            origin: format!("generated from fixtures/{fixture}"),
            files: generate(fixture),
            features_on: None,
        })
        .collect();
    crates.extend(FEATURE_SUBSETS.iter().map(|(fixture, on)| ScratchCrate {
        name: format!("{}_only_{}", fixture.replace('/', "_"), on.join("_")),
        origin: format!("generated from fixtures/{fixture}, features {on:?} only"),
        files: generate(fixture),
        features_on: Some(on.iter().map(|feature| (*feature).to_owned()).collect()),
    }));
    if let Err(errors) = scratch::type_check("compile-fixtures", &crates) {
        panic!("generated code does not compile:\n{errors}");
    }
}
