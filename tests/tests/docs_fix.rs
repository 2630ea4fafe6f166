//! `cargo xtask docs-check --fix`: a spec copy with something missing is
//! restored from the pages, the rest of each file stays byte for byte, and a
//! second run changes nothing. Everything runs on in-memory copies of
//! spec/ (and one temporary folder), never on spec/ itself.

use std::path::{Path, PathBuf};

use generator::docs_check::{self, fix, yaml_edit::SpecText};
use generator::model::{ApiModel, ResolvedSchema, TypeRef};
use generator::SpecSource;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn fixture_path(name: &str) -> PathBuf {
    root().join("tests/fixtures/pages").join(name)
}

/// spec/ as sources named `spec/<file>.yaml`.
fn spec() -> Vec<SpecSource> {
    generator::read_spec_dir(&root().join("spec"))
        .unwrap()
        .into_iter()
        .map(|source| SpecSource {
            path: source.path.strip_prefix(root()).unwrap().to_path_buf(),
            contents: source.contents,
        })
        .collect()
}

fn text_of(sources: &[SpecSource], file: &str) -> String {
    let source = sources
        .iter()
        .find(|source| source.path == Path::new(file))
        .unwrap();
    String::from_utf8(source.contents.clone()).unwrap()
}

fn with_text(sources: &[SpecSource], file: &str, text: &str) -> Vec<SpecSource> {
    sources
        .iter()
        .map(|source| {
            if source.path == Path::new(file) {
                SpecSource::new(source.path.clone(), text.to_owned())
            } else {
                source.clone()
            }
        })
        .collect()
}

/// `sources` with the node at `spec_path` of `file` removed.
fn without(sources: &[SpecSource], file: &str, spec_path: &str) -> Vec<SpecSource> {
    let mut text = SpecText::new(text_of(sources, file));
    text.remove(spec_path).unwrap();
    with_text(sources, file, &text.text)
}

fn pages(names: &[&str]) -> Vec<fix::PageInput> {
    names
        .iter()
        .map(|name| fix::PageInput {
            file: (*name).to_owned(),
            pages: docs_check::read_pages(&fixture_path(name)).unwrap(),
        })
        .collect()
}

/// Runs `--fix` in memory: the new sources and the printed changes.
fn run_fix(sources: &[SpecSource], names: &[&str]) -> (Vec<SpecSource>, Vec<String>) {
    let outcome = fix::fix(sources, &pages(names)).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(outcome.errors, []);
    let mut fixed = sources.to_vec();
    for (path, text) in &outcome.files {
        fixed = with_text(&fixed, &path.display().to_string(), text);
    }
    (fixed, outcome.changes)
}

fn model(sources: &[SpecSource]) -> ApiModel {
    generator::build_model(sources).unwrap_or_else(|error| panic!("{error}"))
}

fn report_lines(sources: &[SpecSource], name: &str) -> Vec<String> {
    let files = [fixture_path(name)];
    let report = docs_check::check_files(&model(sources), &files);
    assert_eq!(report.errors, []);
    report
        .lines()
        .into_iter()
        .map(|line| line.replace(&fixture_path(name).display().to_string(), name))
        .collect()
}

/// `after` is `before` with whole lines inserted at one or more places:
/// every line of `before` is still there, in order, unchanged.
fn assert_only_insertions(before: &str, after: &str) {
    let mut remaining = before.split_inclusive('\n').peekable();
    for line in after.split_inclusive('\n') {
        if remaining.peek() == Some(&line) {
            remaining.next();
        }
    }
    let left: Vec<&str> = remaining.collect();
    assert!(
        left.is_empty(),
        "lines changed or lost: {left:?}\n---\n{after}"
    );
}

fn second_run_changes_nothing(sources: &[SpecSource], names: &[&str]) {
    let (again, changes) = run_fix(sources, names);
    assert_eq!(changes, Vec::<String>::new());
    for (a, b) in again.iter().zip(sources) {
        assert_eq!(a.contents, b.contents, "{}", a.path.display());
    }
}

fn field<'m>(
    model: &'m ApiModel,
    schema: &str,
    wire: &str,
) -> Option<&'m generator::model::ResolvedField> {
    model
        .modules
        .iter()
        .flat_map(|module| &module.schemas)
        .find_map(|candidate| match candidate {
            ResolvedSchema::Object(object) if object.name == schema => {
                object.fields.iter().find(|field| field.wire_name == wire)
            }
            ResolvedSchema::Union(union) if union.name == schema => union
                .common_fields
                .iter()
                .find(|field| field.wire_name == wire),
            _ => None,
        })
}

const SETUP_INTENTS: &str = "spec/setup_intents.yaml";

#[test]
fn clean_pages_change_nothing() {
    second_run_changes_nothing(
        &spec(),
        &["retrieve_setup_intent.txt", "update_setup_intent.txt"],
    );
}

/// Each field a seed page shows, removed from a copy of the spec, comes
/// back with its required flag and, for all but four, exactly its type. The
/// four are typings the spec decided on purpose and the page cannot tell:
/// `usage` (a string whose values the page gives in prose, not as "one of"),
/// and three `payment_method_types`/`payment_method_type` typed with the
/// enum of another page. They come back as the page's `string`, and the page
/// then reports no new difference.
#[test]
fn removed_fields_and_parameters_come_back() {
    let original = spec();
    let original_model = model(&original);
    let cases = [
        (
            "retrieve_setup_intent.txt",
            "SetupIntent",
            "schemas.SetupIntent.fields",
        ),
        (
            "update_setup_intent.txt",
            "UpdateSetupIntentParams",
            "schemas.UpdateSetupIntentParams.fields",
        ),
        (
            "retrieve_setup_intent.txt",
            "LastSetupError",
            "schemas.LastSetupError.fields",
        ),
    ];
    let mut restored_exactly = 0;
    let mut checked = 0;
    for (page, schema, fields_path) in cases {
        let before_lines = report_lines(&original, page);
        let ResolvedSchema::Object(object) = original_model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .find(|candidate| candidate.name() == schema)
            .unwrap()
        else {
            panic!("{schema} is an object")
        };
        for original_field in &object.fields {
            let wire = &original_field.wire_name;
            let removed = without(&original, SETUP_INTENTS, &format!("{fields_path}.{wire}"));
            if generator::build_model(&removed).is_err() {
                continue; // `id` and `object` back a typed id and an object name
            }
            let removed_lines = report_lines(&removed, page);
            if removed_lines == before_lines {
                continue; // the page does not show this field
            }
            checked += 1;
            let (fixed, changes) = run_fix(&removed, &[page]);
            assert!(
                changes
                    .iter()
                    .any(|change| change.contains(&format!("added field {schema}.{wire} "))),
                "{wire}: {changes:#?}"
            );
            assert_only_insertions(
                &text_of(&removed, SETUP_INTENTS),
                &text_of(&fixed, SETUP_INTENTS),
            );
            let fixed_model = model(&fixed);
            let restored = field(&fixed_model, schema, wire).unwrap();
            assert_eq!(restored.required, original_field.required, "{wire}");
            if restored.ty == original_field.ty {
                restored_exactly += 1;
            }
            assert_eq!(report_lines(&fixed, page), before_lines, "{schema}.{wire}");
            second_run_changes_nothing(&fixed, &[page]);
        }
    }
    assert_eq!((restored_exactly, checked), (28, 32));
}

#[test]
fn removed_enum_values_come_back() {
    let original = spec();
    for (enumeration, index, value) in [
        ("SetupIntentCancellationReason", 1, "requested_by_customer"),
        ("SetupIntentStatus", 3, "processing"),
    ] {
        let removed = without(
            &original,
            SETUP_INTENTS,
            &format!("schemas.{enumeration}.values[{index}]"),
        );
        let (fixed, changes) = run_fix(&removed, &["retrieve_setup_intent.txt"]);
        assert!(
            changes
                .iter()
                .any(|change| change.ends_with(&format!("added value {enumeration}.{value}"))),
            "{changes:#?}"
        );
        assert_only_insertions(
            &text_of(&removed, SETUP_INTENTS),
            &text_of(&fixed, SETUP_INTENTS),
        );
        let fixed_model = model(&fixed);
        let values: Vec<&str> = fixed_model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .find_map(|schema| match schema {
                ResolvedSchema::Enum(e) if e.name == enumeration => {
                    Some(e.values.iter().map(|value| value.wire.as_str()).collect())
                }
                _ => None,
            })
            .unwrap();
        assert!(values.contains(&value), "{values:?}");
        second_run_changes_nothing(&fixed, &["retrieve_setup_intent.txt"]);
    }
}

/// A whole endpoint removed comes back from its page: method, path, the
/// path parameter's typed id, params and response.
#[test]
fn removed_endpoints_come_back() {
    let original = spec();
    let original_model = model(&original);
    for (page, endpoint) in [
        ("retrieve_setup_intent.txt", "retrieve"),
        ("update_setup_intent.txt", "update"),
    ] {
        let removed = without(&original, SETUP_INTENTS, &format!("endpoints.{endpoint}"));
        let (fixed, changes) = run_fix(&removed, &[page]);
        assert!(
            changes.iter().any(|change| change.contains(&format!("added endpoint setup_intents.{endpoint} "))),
            "{changes:#?}"
        );
        assert_only_insertions(
            &text_of(&removed, SETUP_INTENTS),
            &text_of(&fixed, SETUP_INTENTS),
        );
        let find = |model: &ApiModel| {
            model
                .modules
                .iter()
                .flat_map(|module| &module.endpoints)
                .find(|e| e.name == endpoint)
                .cloned()
                .unwrap()
        };
        let (before, after) = (find(&original_model), find(&model(&fixed)));
        assert_eq!(after.method, before.method);
        assert_eq!(after.path, before.path);
        assert_eq!(after.params, before.params);
        assert_eq!(after.response, before.response);
        let types = |e: &generator::model::ResolvedEndpoint| -> Vec<TypeRef> {
            e.path_params.iter().map(|param| param.ty.clone()).collect()
        };
        assert_eq!(types(&after), types(&before));
        second_run_changes_nothing(&fixed, &[page]);
    }
}

/// The changed-page fixtures: what can be decided is edited, the rest is
/// noted (and then acknowledged), and facts decided on purpose are left
/// alone and still reported.
#[test]
fn fixture_pages_are_fixed_or_noted() {
    let original = spec();
    let cases: [(&str, &[&str], usize); 6] = [
        (
            "retrieve_new_field.txt",
            &["added field SetupIntent.flow_directions (array<string>)", "added field LastSetupError.doc_url (string)"],
            0,
        ),
        ("retrieve_new_enum_value.txt", &["added value SetupIntentStatus.requires_capture"], 0),
        (
            "retrieve_changed_type.txt",
            &["set type of SetupIntent.created to string", "set type of SetupIntent.livemode to string"],
            0,
        ),
        ("retrieve_removed_field.txt", &["noted not-on-page at response.single_use_mandate"], 0),
        (
            "retrieve_changed_required.txt",
            &["noted required at response.id: the field is `always_present`, a decision of its own"],
            // `last_setup_error.code` is inferred on purpose: left alone.
            1,
        ),
        (
            "update_request_changes.txt",
            &[
                "noted type at request.metadata",
                "added field PaymentMethodDataCard.installments (int64)",
                "noted not-on-page at request.payment_method_data.card.cvc",
            ],
            0,
        ),
    ];
    for (page, expected, still_open) in cases {
        let (fixed, changes) = run_fix(&original, &[page]);
        for change in expected {
            assert!(
                changes.iter().any(|line| line.contains(change)),
                "{page}: no `{change}` in {changes:#?}"
            );
        }
        assert_only_insertions_or_edits(&original, &fixed);
        let files = [fixture_path(page)];
        let report = docs_check::check_files(&model(&fixed), &files);
        let open: usize = report
            .pages
            .iter()
            .map(|p| p.unacknowledged().count())
            .sum();
        assert_eq!(open, still_open, "{page}: {:#?}", report.lines());
        second_run_changes_nothing(&fixed, &[page]);
    }
}

/// Edits touch only the lines they are about: every other line is kept.
fn assert_only_insertions_or_edits(before: &[SpecSource], after: &[SpecSource]) {
    for (a, b) in before.iter().zip(after) {
        let (a, b) = (
            String::from_utf8(a.contents.clone()).unwrap(),
            String::from_utf8(b.contents.clone()).unwrap(),
        );
        let kept = a
            .lines()
            .filter(|line| b.lines().any(|other| other == *line))
            .count();
        let total = a.lines().count();
        assert!(
            total - kept <= 4,
            "{} of {total} lines changed",
            total - kept
        );
    }
}

/// On disk: `fix_workspace` edits only the spec files that change, in a
/// copy of the workspace.
#[test]
fn fix_workspace_writes_only_changed_spec_files() {
    let dir = std::env::temp_dir().join(format!("wooshpay-docs-fix-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let sources = without(
        &spec(),
        SETUP_INTENTS,
        "schemas.SetupIntent.fields.description",
    );
    for source in &sources {
        let path = dir.join(&source.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &source.contents).unwrap();
    }
    let stamp = |name: &str| {
        std::fs::metadata(dir.join("spec").join(name))
            .unwrap()
            .modified()
            .unwrap()
    };
    let untouched = stamp("charges.yaml");
    let outcome =
        docs_check::fix_workspace(&dir, &[fixture_path("retrieve_setup_intent.txt")]).unwrap();
    assert_eq!(outcome.files.len(), 1);
    assert_eq!(outcome.files[0].0, Path::new(SETUP_INTENTS));
    let written = std::fs::read_to_string(dir.join(SETUP_INTENTS)).unwrap();
    assert!(
        written.contains("      description:\n        type: string\n"),
        "{written}"
    );
    assert_eq!(stamp("charges.yaml"), untouched);
    let again =
        docs_check::fix_workspace(&dir, &[fixture_path("retrieve_setup_intent.txt")]).unwrap();
    assert!(again.files.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}
