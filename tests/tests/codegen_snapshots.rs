//! Pins the generator's output for one small fixture spec per feature.
//! Review changes with `cargo insta review`.

use generator::SpecSource;

/// Generates `fixtures/codegen/<name>.yaml`, or every file of the folder
/// `fixtures/codegen/<name>/` (for features that span spec files), and
/// returns the models and endpoint files (the `mod.rs` files only list
/// modules). A folder's output ends with the cargo features block the
/// manifest gets, since what each feature needs depends on the other files.
fn generate_fixture(name: &str) -> String {
    let base = format!("{}/fixtures/codegen/{name}", env!("CARGO_MANIFEST_DIR"));
    let sources: Vec<SpecSource> = if std::path::Path::new(&base).is_dir() {
        let mut paths: Vec<_> = std::fs::read_dir(&base)
            .unwrap_or_else(|error| panic!("{base}: {error}"))
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                let file = path.file_name().expect("file name").to_string_lossy();
                SpecSource::new(
                    format!("spec/{file}"),
                    std::fs::read(path).expect("readable"),
                )
            })
            .collect()
    } else {
        let path = format!("{base}.yaml");
        let contents = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
        vec![SpecSource::new(format!("spec/{name}.yaml"), contents)]
    };
    let files = generator::generate(&sources).unwrap_or_else(|error| panic!("{name}: {error}"));
    let mut out = String::new();
    for file in files.iter().filter(|file| !file.path.ends_with("mod.rs")) {
        out.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
    }
    assert!(!out.is_empty(), "{name} produced no model or endpoint file");
    if sources.len() > 1 {
        let model = generator::build_model(&sources).expect("the spec generated");
        let block = generator::features::manifest_block(&model)
            .unwrap_or_else(|error| panic!("{name}: {error}"));
        out.push_str(&format!("==> Cargo.toml [features] <==\n{block}"));
    }
    out
}

macro_rules! snapshot_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(stringify!($name), generate_fixture(stringify!($name)));
            }
        )*
    };
}

snapshot_tests!(
    objects,
    enums,
    tagged_union,
    struct_union,
    embedded_union,
    expandable,
    renames,
    secrets,
    inline_objects,
    generic_list,
    endpoints,
    usage,
    tolerant,
    string_encoded,
    typed_references,
    empty_response,
    gated_union,
    boxed_members,
);

#[test]
fn output_is_deterministic() {
    for name in ["objects", "tagged_union", "endpoints"] {
        assert_eq!(generate_fixture(name), generate_fixture(name), "{name}");
    }
}
