//! Pins the generator's output for one small fixture spec per feature.
//! Review changes with `cargo insta review`.

use generator::SpecSource;

/// Generates `fixtures/codegen/<name>.yaml` and returns the models and
/// endpoint files (the `mod.rs` files only list modules).
fn generate_fixture(name: &str) -> String {
    let path = format!(
        "{}/fixtures/codegen/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let contents = std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let source = SpecSource::new(format!("spec/{name}.yaml"), contents);
    let files = generator::generate(&[source]).unwrap_or_else(|error| panic!("{name}: {error}"));
    let mut out = String::new();
    for file in files.iter().filter(|file| !file.path.ends_with("mod.rs")) {
        out.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
    }
    assert!(!out.is_empty(), "{name} produced no model or endpoint file");
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
);

#[test]
fn output_is_deterministic() {
    for name in ["objects", "tagged_union", "endpoints"] {
        assert_eq!(generate_fixture(name), generate_fixture(name), "{name}");
    }
}
