//! A catalogue of broken (and a few tricky but valid) specs, one folder per
//! case under `fixtures/broken/`. Each test loads its folder's `*.yaml` files,
//! runs the whole generator, and pins the exact error text with insta, so a
//! change to any message shows up in review (`cargo insta review`).
//!
//! Besides the snapshot, every failing case checks that each diagnostic
//! names its spec file and, at the level the case asks for, a line:column and
//! a spec path. The generator must never panic: every run is wrapped in
//! `catch_unwind`.
//!
//! Known generator defects are recorded, not hidden, and the tests fail once
//! a defect is fixed, so each marker is removed with its fix:
//! - `fails(Level, gap(Actual, "why"))`: the diagnostics reach only `Actual`;
//! - `wrongly_accepted("why")`: an invalid spec is accepted (the summary of
//!   what was generated is pinned, e.g. which of two duplicates won);
//! - `wrongly_rejected("why")`: a valid spec is rejected (the error is pinned).

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use generator::{Diagnostic, GenerateError, GeneratedFile, SpecSource};

/// How precisely the diagnostics of a case must point into the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// A problem with the whole file: naming the file is enough.
    File,
    /// A problem in the text (e.g. YAML syntax): file and line:column.
    Line,
    /// A problem at a YAML node: file, line:column and spec path.
    Node,
}

fn case_dir(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/broken")
        .join(case)
}

/// The case's spec files, sorted by name, as `spec/<file name>` so snapshots
/// carry no machine paths.
fn load_case(case: &str) -> Vec<SpecSource> {
    let dir = case_dir(case);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .collect();
    paths.sort();
    assert!(
        !paths.is_empty(),
        "{case}: no .yaml file in the case folder"
    );
    paths
        .into_iter()
        .map(|path| {
            let contents = std::fs::read(&path).expect("fixture is readable");
            let name = path.file_name().expect("file name").to_string_lossy();
            SpecSource::new(format!("spec/{name}"), contents)
        })
        .chain(
            // Documented examples, as `spec/examples/<module>/<name>.json`.
            generator::examples::read_examples_dir(&dir)
                .expect("examples are readable")
                .into_iter()
                .map(|example| {
                    let relative = example.path.strip_prefix(&dir).expect("inside the case");
                    SpecSource::new(Path::new("spec").join(relative), example.contents)
                }),
        )
        .collect()
}

/// Runs the generator, turning a panic into a test failure that says so.
fn run(case: &str, sources: &[SpecSource]) -> Result<Vec<GeneratedFile>, GenerateError> {
    panic::catch_unwind(AssertUnwindSafe(|| generator::generate(sources))).unwrap_or_else(
        |payload| {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "<non-string panic payload>".to_owned());
            panic!(
                "the generator PANICKED on case `{case}` instead of reporting an error: {message}"
            )
        },
    )
}

/// The level a diagnostic actually reaches.
fn level_of(diagnostic: &Diagnostic) -> Level {
    match (diagnostic.location, diagnostic.spec_path.is_empty()) {
        (Some(_), false) => Level::Node,
        (Some(_), true) => Level::Line,
        (None, _) => Level::File,
    }
}

/// Runs a case that must fail, checks its diagnostics, and returns the text to snapshot.
fn check_failure(
    case: &str,
    sources: &[SpecSource],
    wanted: Level,
    gap: Option<(Level, &str)>,
) -> String {
    let diagnostics = match run(case, sources) {
        Ok(files) => panic!(
            "{case}: the spec was ACCEPTED ({} files generated) but should have been rejected",
            files.len()
        ),
        Err(GenerateError::Internal(message)) => {
            panic!("{case}: the generator emitted invalid Rust instead of rejecting the spec:\n{message}")
        }
        Err(GenerateError::Spec(diagnostics)) => diagnostics,
    };
    assert!(
        !diagnostics.is_empty(),
        "{case}: an error with no diagnostic"
    );
    let text = GenerateError::Spec(diagnostics.clone()).to_string();
    let files: Vec<PathBuf> = sources.iter().map(|s| s.path.clone()).collect();
    for diagnostic in &diagnostics.0 {
        assert!(
            files.contains(&diagnostic.file),
            "{case}: `{diagnostic}` names `{}`, which is not one of the case's files {files:?}",
            diagnostic.file.display()
        );
        assert!(
            diagnostic
                .to_string()
                .starts_with(&*diagnostic.file.to_string_lossy()),
            "{case}: `{diagnostic}` does not start with its file"
        );
    }
    // The weakest diagnostic decides: every problem must be precise.
    let reached = diagnostics.0.iter().map(level_of).min().expect("non-empty");
    match gap {
        None => assert!(
            reached >= wanted,
            "{case}: a diagnostic reaches only {reached:?}, but this case needs {wanted:?} \
             (file:line:col and spec path):\n{text}"
        ),
        Some((actual, why)) => {
            assert!(
                reached < wanted,
                "{case}: the known gap ({why}) is fixed, every diagnostic now reaches {wanted:?}; \
                 remove the `gap(...)` marker from this case:\n{text}"
            );
            assert!(
                reached >= actual,
                "{case}: diagnostics got even less precise ({reached:?} < {actual:?}):\n{text}"
            );
        }
    }
    let count = diagnostics.0.len();
    assert!(
        text.ends_with(&format!(
            "{count} error{} in the spec",
            if count == 1 { "" } else { "s" }
        )),
        "{case}: the count line is wrong:\n{text}"
    );
    text
}

/// Runs a case that must succeed and returns a short summary of the output:
/// each file's path, its item and field declarations, and endpoint paths.
fn check_success(case: &str, sources: &[SpecSource]) -> String {
    let files = run(case, sources).unwrap_or_else(|error| {
        panic!("{case}: a valid spec was rejected:\n{error}");
    });
    summarize(&files)
}

fn summarize(files: &[GeneratedFile]) -> String {
    let mut out = String::new();
    for file in files {
        out.push_str(&format!("==> {} <==\n", file.path));
        for line in file.contents.lines() {
            let trimmed = line.trim_start();
            let declaration = [
                "pub struct ",
                "pub enum ",
                "pub type ",
                "pub fn ",
                "pub async fn ",
            ]
            .iter()
            .any(|prefix| trimmed.starts_with(prefix))
                || (trimmed.starts_with("pub ") && trimmed.ends_with(','));
            if declaration {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

macro_rules! broken_specs {
    (@test $name:ident, fails($level:ident)) => {
        #[test]
        fn $name() {
            let case = stringify!($name);
            let text = check_failure(case, &load_case(case), Level::$level, None);
            insta::assert_snapshot!(case, text);
        }
    };
    (@test $name:ident, fails($level:ident, gap($actual:ident, $why:literal))) => {
        #[test]
        fn $name() {
            let case = stringify!($name);
            let text = check_failure(case, &load_case(case), Level::$level, Some((Level::$actual, $why)));
            insta::assert_snapshot!(case, text);
        }
    };
    (@test $name:ident, wrongly_accepted($why:literal)) => {
        #[test]
        fn $name() {
            let case = stringify!($name);
            let sources = load_case(case);
            match run(case, &sources) {
                Ok(files) => insta::assert_snapshot!(case, summarize(&files)),
                Err(error) => panic!(
                    "{case}: the known defect ({}) is fixed, the spec is now rejected; \
                     change the case to `fails(...)`:\n{error}",
                    $why
                ),
            }
        }
    };
    (@test $name:ident, wrongly_rejected($why:literal)) => {
        #[test]
        fn $name() {
            let case = stringify!($name);
            let sources = load_case(case);
            if run(case, &sources).is_ok() {
                panic!(
                    "{case}: the known defect ({}) is fixed, the spec is now accepted; \
                     change the case to `succeeds()`",
                    $why
                );
            }
            let text = check_failure(case, &sources, Level::Node, None);
            insta::assert_snapshot!(case, text);
        }
    };
    (@test $name:ident, succeeds()) => {
        #[test]
        fn $name() {
            let case = stringify!($name);
            let summary = check_success(case, &load_case(case));
            insta::assert_snapshot!(case, summary);
        }
    };
    ($($name:ident => $kind:ident $args:tt;)*) => {
        $(broken_specs!(@test $name, $kind $args);)*
    };
}

broken_specs! {
    yaml_syntax_error => fails(Line);
    tab_indentation => fails(Line);
    wrong_type_required_maybe => fails(Node);
    wrong_type_fields_sequence => fails(Node);
    wrong_type_enum_values_mapping => fails(Node);
    wrong_type_enum_value_item => fails(Node);
    enum_value_yaml_scalar_not_string => fails(Node);
    unknown_field_key_requried => fails(Node);
    unknown_top_level_key => fails(Node);
    unknown_endpoint_key => fails(Node);
    missing_schema_description => fails(Node);
    missing_field_type => fails(Node);
    missing_kind => fails(Node);
    null_schema_body => fails(Node);
    unknown_kind => fails(Node);
    unknown_type_did_you_mean => fails(Node);
    unknown_type_no_suggestion => fails(Node);
    type_expression_syntax => fails(Node);
    duplicate_schema_across_files => fails(Node);
    duplicate_yaml_key_schema => fails(Node);
    duplicate_yaml_key_field_attribute => fails(Node);
    duplicate_endpoint_name => fails(Node);
    field_name_collision => fails(Node);
    enum_value_collision => fails(Node);
    enum_value_not_identifier => fails(Node);
    enum_value_unknown_reserved => fails(Node);
    enum_value_rust_name_not_camel => fails(Node);
    enum_value_rust_name_ok => succeeds();
    enum_value_rust_name_keyword => fails(Node);
    bidi_escape_in_enum_value => fails(Node);
    resource_named_like_a_feature => fails(File);
    lenient_is_the_default => fails(Node);
    strict_without_reason => fails(Node);
    variants_follow_features_misuse => fails(Node);
    enum_duplicate_value => fails(Node);
    enum_empty_values => fails(Node);
    enum_missing_values => fails(Node);
    union_variant_without_payload => fails(Node);
    union_variant_type_and_fields => fails(Node);
    union_missing_tag => fails(Node);
    union_payload_is_tag => fails(Node);
    struct_union_missing_tag_type => fails(Node);
    struct_union_tag_type_not_enum => fails(Node);
    struct_union_tag_type_lacks_value => fails(Node);
    struct_union_tag_type_unknown => fails(Node);
    embedded_union_bad_variants => fails(Node);
    embedded_union_struct_keys => fails(Node);
    path_param_not_in_path => fails(Node);
    path_placeholder_without_param => fails(Node);
    path_unbalanced_brace => fails(Node);
    path_without_leading_slash => fails(Node);
    params_without_params_in => fails(Node);
    params_in_invalid => fails(Node);
    response_may_be_empty_misuse => fails(Node);
    example_lacks_an_always_present_member => fails(Node);
    example_missing_or_not_json => fails(File);
    params_not_object => fails(Node);
    invalid_method => fails(Node);
    endpoint_named_keyword => fails(Node);
    expandable_to_enum => fails(Node);
    expandable_to_string => fails(Node);
    generic_without_argument => fails(Node);
    non_generic_with_argument => fails(Node);
    bad_source_prefix => fails(Node);
    empty_description => fails(Node);
    lowercase_schema_name => fails(Node);
    schema_name_not_string => fails(Node);
    field_name_yaml_null => succeeds();
    reserved_schema_name => fails(Node);
    empty_file => fails(File);
    comments_only_file => fails(File);
    not_utf8 => fails(Line);
    top_level_sequence => fails(Line);
    multiple_yaml_documents => fails(Line);
    yaml_merge_key => fails(Node);
    inline_object_without_fields => fails(Node);
    inline_object_name_collision => fails(Node);
    inline_object_derived_name_ok => succeeds();
    object_missing_fields => fails(Node);
    key_not_allowed_for_kind => fails(Node);
    generic_param_shadows_schema => fails(Node);
    keep_unknown_fields_clash => fails(Node);
    bad_module_file_name => fails(File);
    many_errors_one_file => fails(Node);
    syntax_errors_in_two_files => fails(Line);
    syntax_error_hides_other_file => fails(Line);
    cross_file_reference_ok => succeeds();
    rust_keywords_as_fields => succeeds();
    rust_keywords_as_fields_without_upper_self => succeeds();
    rust_keywords_as_enum_values => succeeds();
    reference_cycle_by_value => succeeds();
    runtime_type_names => fails(Node);
    union_variant_named_new => fails(Node);
    generic_param_prelude_or_keyword => fails(Node);
    generic_param_unused => fails(Node);
    id_prefix_not_plain => fails(Node);
    endpoint_path_not_sendable => fails(Node);
    wire_name_control_character => fails(Node);
    module_named_like_runtime => fails(File);
    yaml_anchor_alias => fails(Node);
    bidi_control_in_description => fails(Node);
    bidi_control_in_enum_value => fails(Node);
    plain_string_reference => fails(Node);
    untyped_id_reason => fails(Node);
    string_encoded_misuse => fails(Node);
}

// ---- cases built by the test (see the GENERATED.md marker in their folders) ----

/// One object whose description is 1 MiB of text: valid, must be accepted.
#[test]
fn huge_description() {
    assert!(case_dir("huge_description").join("GENERATED.md").is_file());
    let description = "Lorem ipsum dolor sit amet. ".repeat((1 << 20) / 28 + 1);
    let spec = format!(
        "schemas:\n  Customer:\n    kind: object\n    description: \"{description}\"\n    fields:\n      id:\n        type: string\n        description: Identifier.\n"
    );
    assert!(spec.len() > 1 << 20);
    let sources = [SpecSource::new("spec/customers.yaml", spec)];
    let summary = check_success("huge_description", &sources);
    insta::assert_snapshot!("huge_description", summary);
}

/// The same 1 MiB string, but as an unknown type name: the error must not
/// paste a megabyte into the terminal... or at least must not crash.
#[test]
fn huge_unknown_type_name() {
    assert!(case_dir("huge_description").join("GENERATED.md").is_file());
    let type_name = "X".repeat(1 << 20);
    let spec = format!(
        "schemas:\n  Customer:\n    kind: object\n    description: A customer.\n    fields:\n      id:\n        type: {type_name}\n        description: Identifier.\n"
    );
    let sources = [SpecSource::new("spec/customers.yaml", spec)];
    let text = check_failure("huge_unknown_type_name", &sources, Level::Node, None);
    insta::assert_snapshot!("huge_unknown_type_name_length", text.len().to_string());
}

/// Inline objects nested `depth` levels: `Deep.level.level...` (a one-letter
/// name would trip `inline_object_derived_name_rejected`).
fn nested_spec(depth: usize) -> String {
    let mut spec = String::from(
        "schemas:\n  Deep:\n    kind: object\n    description: Nested.\n    fields:\n",
    );
    for level in 0..depth {
        let indent = "  ".repeat(3 + 2 * level);
        spec.push_str(&format!(
            "{indent}level:\n{indent}  type: object\n{indent}  description: Level {level}.\n{indent}  fields:\n"
        ));
    }
    let indent = "  ".repeat(3 + 2 * depth);
    spec.push_str(&format!(
        "{indent}leaf:\n{indent}  type: string\n{indent}  description: The bottom.\n"
    ));
    spec
}

/// 200 levels: beyond serde_yaml's recursion limit; must fail cleanly, not overflow the stack.
#[test]
fn deep_nesting() {
    assert!(case_dir("deep_nesting").join("GENERATED.md").is_file());
    let sources = [SpecSource::new("spec/deep.yaml", nested_spec(200))];
    let text = check_failure("deep_nesting", &sources, Level::Line, None);
    insta::assert_snapshot!("deep_nesting", text);
}

/// 50 levels: within serde_yaml's limit; the generator must cope (or fail cleanly).
#[test]
fn deep_nesting_within_yaml_limit() {
    assert!(case_dir("deep_nesting").join("GENERATED.md").is_file());
    let sources = [SpecSource::new("spec/deep.yaml", nested_spec(50))];
    let files = run("deep_nesting_within_yaml_limit", &sources).unwrap_or_else(|error| {
        panic!("deep_nesting_within_yaml_limit: rejected:\n{error}");
    });
    let summary = summarize(&files);
    let longest = summary.lines().map(str::len).max().unwrap_or(0);
    insta::assert_snapshot!(
        "deep_nesting_within_yaml_limit",
        format!(
            "{} files, {} struct declarations, longest declaration line {longest} chars",
            files.len(),
            summary.matches("pub struct ").count()
        )
    );
}

/// Runs a built case that must fail fast (a hostile spec must not take
/// minutes or abort the process) and returns its error text.
fn check_fast_failure(case: &str, spec: String) -> String {
    assert!(case_dir("deep_block_sequences")
        .join("GENERATED.md")
        .is_file());
    let sources = [SpecSource::new("spec/hostile.yaml", spec)];
    check_failure(case, &sources, Level::Node, None)
}

/// 5,000 nested block sequences in 10 KB overflowed the stack (exit 134).
#[test]
fn deep_block_sequences() {
    let text = check_fast_failure(
        "deep_block_sequences",
        format!("schemas:\n  A:\n{}x\n", "  - ".repeat(5000)),
    );
    assert!(text.contains("nested more than 128 levels"), "{text}");
}

/// 400 KB of `[` took minutes in serde_yaml's scanner.
#[test]
fn deep_flow_sequences() {
    let text = check_fast_failure(
        "deep_flow_sequences",
        format!("schemas:\n  A: {}\n", "[".repeat(400_000)),
    );
    assert!(text.contains("nested more than 128 levels"), "{text}");
}

/// A 1 MiB string aliased 300 times took 2 minutes and 1.9 GB, and wrote a
/// 316 MB source file.
#[test]
fn alias_amplification() {
    let big = "x".repeat(1 << 20);
    let aliases = "        description: *big\n";
    let mut spec =
        format!("schemas:\n  A:\n    kind: object\n    description: &big {big}\n    fields:\n");
    for index in 0..300 {
        spec.push_str(&format!("      f{index}:\n        type: string\n{aliases}"));
    }
    let text = check_fast_failure("alias_amplification", spec);
    assert!(text.contains("anchors, aliases"), "{text}");
    assert!(text.len() < 2000, "the error quotes the huge value");
}

/// Code blocks in spec prose must never reach rustdoc as doctests: the
/// generated doc comments of the `prose_code_blocks` case are handed to
/// `rustdoc --test`, which must find no test to run.
#[test]
fn prose_code_blocks() {
    let case = "prose_code_blocks";
    let files = run(case, &load_case(case)).unwrap_or_else(|error| panic!("{case}: {error}"));
    // Each run of doc lines documents an item of its own, as in the models.
    let mut docs = String::from("//! Doc comments of the generated models.\n");
    let mut items = 0;
    for file in &files {
        let mut in_docs = false;
        for line in file.contents.lines() {
            match line.trim_start().strip_prefix("///") {
                Some(doc) => docs.push_str(&format!("///{doc}\n")),
                None if in_docs => {
                    items += 1;
                    docs.push_str(&format!("pub struct Item{items};\n"));
                }
                None => {}
            }
            in_docs = line.trim_start().starts_with("///");
        }
    }
    assert!(
        docs.contains("compile_error!"),
        "the prose is missing:\n{docs}"
    );
    let dir = std::env::temp_dir().join(format!("wooshpay-prose-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lib = dir.join("lib.rs");
    std::fs::write(&lib, &docs).unwrap();
    let rustdoc = std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".to_owned());
    let output = std::process::Command::new(rustdoc)
        .args(["--test", "--edition", "2021", "--crate-name", "prose"])
        .arg(&lib)
        .output()
        .expect("rustdoc runs");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("running 0 tests"),
        "spec prose became doctests:\n{stdout}\n{}\n{docs}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every public name at the root of the `wooshpay` crate that its runtime
/// defines is reserved, so a schema cannot be shadowed by one. Reads the
/// runtime's source, so a type added there later is caught here.
#[test]
fn runtime_names_are_reserved() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let parse = |name: &str| -> syn::File {
        let text = std::fs::read_to_string(src.join(name)).expect("runtime source");
        syn::parse_file(&text).expect("runtime parses")
    };
    let public = |item: &syn::Item| -> Option<String> {
        let (vis, ident) = match item {
            syn::Item::Struct(i) => (&i.vis, &i.ident),
            syn::Item::Enum(i) => (&i.vis, &i.ident),
            syn::Item::Type(i) => (&i.vis, &i.ident),
            syn::Item::Trait(i) => (&i.vis, &i.ident),
            syn::Item::Mod(i) => (&i.vis, &i.ident),
            _ => return None,
        };
        matches!(vis, syn::Visibility::Public(_)).then(|| ident.to_string())
    };
    let mut types = Vec::new();
    let mut modules = Vec::new();
    fn use_names(tree: &syn::UseTree, out: &mut Vec<(String, bool)>) {
        match tree {
            syn::UseTree::Path(path) => use_names(&path.tree, out),
            syn::UseTree::Name(name) => out.push((name.ident.to_string(), false)),
            syn::UseTree::Rename(rename) => out.push((rename.rename.to_string(), false)),
            syn::UseTree::Glob(_) => {}
            syn::UseTree::Group(group) => group.items.iter().for_each(|t| use_names(t, out)),
        }
    }
    for item in parse("lib.rs").items {
        match &item {
            syn::Item::Mod(module) => modules.push(module.ident.to_string()),
            syn::Item::Use(used) if matches!(used.vis, syn::Visibility::Public(_)) => {
                let mut names = Vec::new();
                use_names(&used.tree, &mut names);
                types.extend(names.into_iter().map(|(name, _)| name));
                // `pub use error::*`: every public item of that module.
                if let syn::UseTree::Path(path) = &used.tree {
                    if matches!(&*path.tree, syn::UseTree::Glob(_))
                        && src.join(format!("{}.rs", path.ident)).is_file()
                    {
                        let module = parse(&format!("{}.rs", path.ident));
                        types.extend(module.items.iter().filter_map(public));
                    }
                }
            }
            other => types.extend(public(other)),
        }
    }
    let missing: Vec<&String> = types
        .iter()
        .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
        .filter(|name| !generator::validate_names::is_reserved_type_name(name))
        .chain(modules.iter().filter(|name| {
            !generator::validate_names::RUNTIME_MODULE_NAMES.contains(&name.as_str())
        }))
        .collect();
    assert!(types.contains(&"ApiError".to_owned()), "{types:?}");
    assert!(
        missing.is_empty(),
        "add these runtime names to generator/src/validate_names.rs: {missing:?}"
    );
}

/// Every case folder has a test above, so a new folder cannot go unnoticed.
#[test]
fn every_case_folder_is_tested() {
    let source = include_str!("broken_specs.rs");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/broken");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&root).expect("fixtures/broken exists") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if !source.contains(&format!("    {name} => ")) && !source.contains(&format!("fn {name}()"))
        {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "case folders without a test: {missing:?}"
    );
}
