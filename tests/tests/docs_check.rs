//! `cargo xtask docs-check`: saved reference pages against the spec.
//!
//! The fixtures under tests/fixtures/pages/ are the two seed pages verbatim
//! (`retrieve_setup_intent.txt`, `update_setup_intent.txt`) and copies of them
//! with one kind of change injected each; tests/fixtures/pages/README.md says
//! what was changed.

use std::path::{Path, PathBuf};

use generator::docs_check::{self, ack, CheckError, DiffKind, Report};
use generator::model::ApiModel;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pages")
        .join(name)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).unwrap()
}

fn model() -> ApiModel {
    generator::sync::workspace_model(root()).unwrap_or_else(|error| panic!("{error}"))
}

/// The difference lines of one page, named by its file name.
fn lines_of(name: &str, text: &str) -> Vec<String> {
    docs_check::check_page(&model(), name, text)
        .unwrap_or_else(|error| panic!("{error}"))
        .lines()
}

fn check(name: &str) -> Vec<String> {
    lines_of(name, &fixture(name))
}

/// The Retrieve page never shows three `next_action` members that only the
/// Update page has; notes on those variants acknowledge it for that page.
const RETRIEVE_ACKNOWLEDGED: [&str; 3] = [
    "not-on-page: response.next_action.pix_handle_redirect: page says nothing, spec says NextActionPixHandleRedirect (acknowledged by NextAction.pix_handle_redirect)",
    "not-on-page: response.next_action.oxxo_handle_redirect: page says nothing, spec says NextActionOxxoHandleRedirect (acknowledged by NextAction.oxxo_handle_redirect)",
    "not-on-page: response.next_action.spei_display_details: page says nothing, spec says NextActionSpeiDisplayDetails (acknowledged by NextAction.spei_display_details)",
];

fn prefixed(name: &str, lines: &[&str]) -> Vec<String> {
    lines.iter().map(|line| format!("{name}: {line}")).collect()
}

/// `RETRIEVE_ACKNOWLEDGED` with `before` in front and `after` behind.
fn retrieve_lines(name: &str, before: &[&str], after: &[&str]) -> Vec<String> {
    let mut lines: Vec<&str> = before.to_vec();
    lines.extend(RETRIEVE_ACKNOWLEDGED);
    lines.extend(after);
    prefixed(name, &lines)
}

#[test]
fn seed_pages_are_clean() {
    let report = docs_check::check_files(
        &model(),
        &[
            fixture_path("retrieve_setup_intent.txt"),
            fixture_path("update_setup_intent.txt"),
        ],
    );
    assert_eq!(report.errors, []);
    assert_eq!(report.exit_code(), 0, "{:#?}", report.lines());
    assert_eq!(report.pages[0].title, "Retrieve a SetupIntent");
    assert_eq!(report.pages[0].endpoint, "setup_intents.retrieve");
    assert_eq!(report.pages[1].title, "Update a SetupIntent");
    assert_eq!(report.pages[1].endpoint, "setup_intents.update");
    assert_eq!(
        check("retrieve_setup_intent.txt"),
        retrieve_lines("retrieve_setup_intent.txt", &[], &[])
    );
    assert_eq!(
        check("update_setup_intent.txt"),
        prefixed(
            "update_setup_intent.txt",
            &[
                "not-on-page: request.payment_method_data.sepa_debit: page says nothing, spec says PaymentMethodDataSepaDebit (acknowledged by PaymentMethodData.sepa_debit)",
                "not-on-page: response.usage: page says nothing, spec says SetupIntentUsage (acknowledged by SetupIntent.usage)",
            ]
        )
    );
}

/// The fixtures are verbatim copies of shared/seeds/; when that folder is
/// beside the repository, they must not have drifted from it.
#[test]
fn seed_fixtures_match_shared_seeds() {
    let seeds = root().join("../shared/seeds");
    for (seed, copy) in [
        ("001_ef4f8ae4eadfc804.txt", "retrieve_setup_intent.txt"),
        ("000_7828c4694861f474.txt", "update_setup_intent.txt"),
    ] {
        if let Ok(original) = std::fs::read_to_string(seeds.join(seed)) {
            assert_eq!(
                original,
                fixture(copy),
                "{copy} differs from shared/seeds/{seed}"
            );
        }
    }
}

#[test]
fn new_fields_are_reported_where_they_nest() {
    let name = "retrieve_new_field.txt";
    assert_eq!(
        check(name),
        retrieve_lines(
            name,
            &[
                "not-in-spec: response.flow_directions: page says array[string] (field list), spec says no such field",
                "not-in-spec: response.last_setup_error.doc_url: page says string (field list), spec says no such field",
            ],
            &[],
        )
    );
}

#[test]
fn removed_fields_are_reported() {
    let name = "retrieve_removed_field.txt";
    assert_eq!(
        check(name),
        retrieve_lines(
            name,
            &[],
            &["not-on-page: response.single_use_mandate: page says nothing, spec says expandable<Mandate>"],
        )
    );
}

#[test]
fn changed_types_are_reported_with_their_source() {
    let name = "retrieve_changed_type.txt";
    assert_eq!(
        check(name),
        retrieve_lines(
            name,
            &[
                "type: response.created: page says string (field list and example), spec says timestamp",
                "type: response.livemode: page says string (field list), spec says boolean",
            ],
            &[],
        )
    );
}

#[test]
fn new_enum_values_in_descriptions_are_reported() {
    let name = "retrieve_new_enum_value.txt";
    assert_eq!(
        check(name),
        retrieve_lines(
            name,
            &[],
            &["enum-value: response.status: page says requires_capture, spec says not a value of SetupIntentStatus"],
        )
    );
}

#[test]
fn changed_required_flags_are_reported() {
    let name = "retrieve_changed_required.txt";
    assert_eq!(
        check(name),
        retrieve_lines(
            name,
            &[
                "required: response.id: page says required, spec says optional",
                "required: response.last_setup_error.code: page says optional, spec says required",
            ],
            &[],
        )
    );
}

#[test]
fn request_bodies_are_compared_too() {
    let name = "update_request_changes.txt";
    assert_eq!(
        check(name),
        prefixed(
            name,
            &[
                "type: request.metadata: page says string (example), spec says map<string>",
                "not-in-spec: request.payment_method_data.card.installments: page says integer (example), spec says no such field",
                "not-on-page: request.payment_method_data.card.cvc: page says nothing, spec says string",
                "not-on-page: request.payment_method_data.sepa_debit: page says nothing, spec says PaymentMethodDataSepaDebit (acknowledged by PaymentMethodData.sepa_debit)",
                "not-on-page: response.usage: page says nothing, spec says SetupIntentUsage (acknowledged by SetupIntent.usage)",
            ]
        )
    );
}

/// Without a response example, the field list alone is nested with the spec:
/// `last_setup_error`'s and `next_action`'s members land inside them.
#[test]
fn field_list_alone_nests_by_the_spec() {
    let name = "retrieve_field_list_only.txt";
    assert_eq!(check(name), retrieve_lines(name, &[], &[]));

    // A member unknown to the spec, listed inside `last_setup_error`, stays
    // there: that object is the innermost one already holding list members.
    let text = fixture(name).replace(
        "or invalid_request_error\n",
        "or invalid_request_error\ndoc_url\nstring\u{a0}\nrequired\nA link about the error.\n",
    );
    assert_eq!(
        lines_of(name, &text),
        retrieve_lines(
            name,
            &["not-in-spec: response.last_setup_error.doc_url: page says string (field list), spec says no such field"],
            &[],
        )
    );
}

#[test]
fn acknowledgements_are_limited_to_the_named_page() {
    // The same page under another title: the notes name "Retrieve a
    // SetupIntent", so they no longer acknowledge anything.
    let text = fixture("retrieve_setup_intent.txt").replace(
        "\nRetrieve a SetupIntent\n\nGET\n",
        "\nRetrieve a SetupIntent (beta)\n\nGET\n",
    );
    let report = docs_check::check_page(&model(), "beta.txt", &text).unwrap();
    assert_eq!(report.title, "Retrieve a SetupIntent (beta)");
    assert_eq!(report.unacknowledged().count(), 3);
    assert!(report
        .differences
        .iter()
        .all(|difference| difference.kind == DiffKind::NotOnPage));
}

#[test]
fn acknowledgement_rule() {
    let note = r#"D2: only on Update. docs-check: not-on-page in "Retrieve a SetupIntent"; docs-check: type"#;
    assert!(ack::acknowledges(
        note,
        DiffKind::NotOnPage,
        "Retrieve a SetupIntent"
    ));
    assert!(!ack::acknowledges(
        note,
        DiffKind::NotOnPage,
        "Update a SetupIntent"
    ));
    assert!(ack::acknowledges(note, DiffKind::Type, "any page at all"));
    assert!(!ack::acknowledges(
        note,
        DiffKind::Required,
        "Retrieve a SetupIntent"
    ));
    // The kind must match exactly, not as a prefix.
    assert!(!ack::acknowledges(
        "docs-check: not-on-pages",
        DiffKind::NotOnPage,
        "x"
    ));
    assert!(!ack::acknowledges(
        "docs-check not-on-page",
        DiffKind::NotOnPage,
        "x"
    ));
}

#[test]
fn exit_codes() {
    let model = model();
    let run = |names: &[&str]| -> Report {
        let files: Vec<PathBuf> = names.iter().map(|name| fixture_path(name)).collect();
        docs_check::check_files(&model, &files)
    };
    assert_eq!(run(&["retrieve_setup_intent.txt"]).exit_code(), 0);
    assert_eq!(run(&["retrieve_new_field.txt"]).exit_code(), 1);
    // One bad page makes the run fail with 2, but the others are still checked.
    let report = run(&["retrieve_new_field.txt", "unknown_endpoint.txt"]);
    assert_eq!(report.exit_code(), 2);
    assert_eq!(report.pages.len(), 1);
    assert_eq!(
        report.summary(),
        "1 page checked: 2 unacknowledged differences, 3 acknowledged; 1 page could not be checked"
    );
    assert_eq!(run(&["no_such_page.txt"]).exit_code(), 2);
}

#[test]
fn unreadable_pages_are_errors() {
    let model = model();
    let error = docs_check::check_page(
        &model,
        "unknown_endpoint.txt",
        &fixture("unknown_endpoint.txt"),
    )
    .unwrap_err();
    assert_eq!(
        error,
        CheckError::UnknownEndpoint {
            file: "unknown_endpoint.txt".into(),
            method: "GET".into(),
            path: "/v1/setup_intents/{id}/verify".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "unknown_endpoint.txt: error: the page documents `GET /v1/setup_intents/{id}/verify`, which no endpoint in spec/ has; add it to the spec first"
    );

    let error =
        docs_check::check_page(&model, "broken_example.txt", &fixture("broken_example.txt"))
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "broken_example.txt:311: error: the JSON example that starts on line 252 is not valid JSON: expected `,` or `}` (column 9)"
    );

    let error = docs_check::check_page(&model, "notes.txt", "just some notes\nPOST\nnot a path\n")
        .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("notes.txt: error: no endpoint found"),
        "{error}"
    );

    let error = docs_check::check_files(&model, &[fixture_path("no_such_page.txt")]).errors;
    assert!(matches!(&error[..], [CheckError::Read { .. }]), "{error:?}");

    let unbalanced = "Retrieve a SetupIntent\nGET\n/v1/setup_intents/{id}\nResponses\n🟢200OK\nExample\n{\n  \"id\": \"x\"\n";
    let error = docs_check::check_page(&model, "cut.txt", unbalanced).unwrap_err();
    assert_eq!(
        error.to_string(),
        "cut.txt:7: error: the JSON example starting here never closes: its brackets are unbalanced"
    );
}

#[test]
fn placeholder_names_and_trailing_slashes_do_not_match_endpoints() {
    let model = model();
    let seed = fixture("retrieve_setup_intent.txt");

    let text = seed.replace(
        "GET\n/v1/setup_intents/{id}\n",
        "GET\n/v1/setup_intents/{id}/\n",
    );
    let report = docs_check::check_page(&model, "slash.txt", &text).unwrap();
    assert_eq!(report.endpoint, "setup_intents.retrieve");
    assert_eq!(report.lines(), retrieve_lines("slash.txt", &[], &[]));

    // Another placeholder name still finds the endpoint, and the parameter
    // names are then compared.
    let text = seed
        .replace(
            "GET\n/v1/setup_intents/{id}\n",
            "GET\n/v1/setup_intents/{intent}\n",
        )
        .replace("Path Params\nid\n", "Path Params\nintent\n");
    let report = docs_check::check_page(&model, "renamed.txt", &text).unwrap();
    assert_eq!(report.endpoint, "setup_intents.retrieve");
    assert_eq!(
        report.lines(),
        retrieve_lines(
            "renamed.txt",
            &[
                "not-in-spec: path.intent: page says string (field list), spec says no such path parameter",
                "not-on-page: path.id: page says nothing, spec says a string path parameter",
            ],
            &[],
        )
    );
}

/// Pages cut off anywhere (as saved pages sometimes are) give a report or
/// an error, never a panic.
#[test]
fn truncated_pages_never_panic() {
    let model = model();
    for name in ["retrieve_setup_intent.txt", "update_setup_intent.txt"] {
        let text = fixture(name);
        let cuts = (0..text.len())
            .step_by(37)
            .filter(|&cut| text.is_char_boundary(cut));
        for cut in cuts {
            let _ = docs_check::check_page(&model, name, &text[..cut]);
        }
    }
}

/// A type line nested a few hundred thousand levels deep (`array[array[...`)
/// and a description repeating "one of" as often are read in time linear in
/// their length: before, each nesting level re-scanned the rest of the line
/// (and recursed once, overflowing the stack), and each "one of" re-scanned
/// the rest of its sentence, so a few megabytes took minutes. The deep line
/// is over the nesting limit, so it is not a type line; the long
/// description still yields its one value list.
#[test]
fn deep_type_lines_and_long_value_lists_stay_linear() {
    let levels = 400_000;
    let deep_type = format!("{}string{}", "array[".repeat(levels), "]".repeat(levels));
    let long_list = "one of a, ".repeat(200_000);
    let text = fixture("retrieve_setup_intent.txt")
        .replace(
            "\nobject\nstring\u{a0}\noptional\n",
            &format!("\ndeep\n{deep_type}\noptional\nobject\nstring\u{a0}\noptional\n"),
        )
        .replace(
            "\ndescription\nstring\u{a0}\noptional\n",
            &format!("\ndescription\nstring\u{a0}\noptional\n{long_list}b.\n"),
        );
    assert!(text.len() > 4_000_000, "{}", text.len());
    let name = "huge.txt";
    assert_eq!(
        lines_of(name, &text),
        retrieve_lines(
            name,
            &["enum-value: response.description: page says one of a, b, spec says string (no enum)"],
            &[],
        )
    );

    // The limit itself: eight wrappers are a type line, nine are not.
    let nested = |depth: usize| format!("{}string{}", "array[".repeat(depth), "]".repeat(depth));
    assert!(
        docs_check::page::PageType::parse(&nested(docs_check::page::MAX_TYPE_NESTING)).is_some()
    );
    assert!(
        docs_check::page::PageType::parse(&nested(docs_check::page::MAX_TYPE_NESTING + 1))
            .is_none()
    );
}
