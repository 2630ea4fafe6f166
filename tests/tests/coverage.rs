//! The coverage table (COVERAGE.md): freshness like `cargo xtask coverage
//! --check`, the 109 navigation rows, totals, and the navigation file's errors.

use std::path::Path;

use generator::coverage::{self, Coverage, Status};
use generator::model::ApiModel;
use generator::SpecSource;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn workspace_coverage() -> Coverage {
    let model = generator::sync::workspace_model(root()).unwrap_or_else(|error| panic!("{error}"));
    let text = std::fs::read_to_string(root().join(coverage::NAVIGATION_PATH)).unwrap();
    coverage::check(Path::new(coverage::NAVIGATION_PATH), &text, &model)
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn committed_coverage_table_is_fresh() {
    let file = coverage::workspace_coverage(root()).unwrap_or_else(|error| panic!("{error}"));
    let committed = std::fs::read_to_string(root().join(&file.path)).unwrap_or_default();
    assert!(
        committed == file.contents,
        "{} is stale; run `cargo xtask coverage`",
        file.path
    );
}

#[test]
fn the_table_has_one_row_per_navigation_endpoint() {
    let coverage = workspace_coverage();
    assert_eq!(coverage.rows.len(), 109);
    let markdown = coverage.to_markdown();
    // The rows of the first table: between its header and the next section.
    let table = markdown
        .split("| group | endpoint |")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap();
    let rows = table.lines().filter(|line| line.starts_with("| ")).count();
    assert_eq!(rows, 109);
    // Titles are copied as printed, typos included.
    assert!(markdown.contains("| Checkout | Retreive a Session | `GET /v1/checkout/sessions/{id}` | typed | `wooshpay::checkout_sessions::retrieve` |"));
}

#[test]
fn totals_add_up_and_follow_the_spec() {
    let coverage = workspace_coverage();
    let counts = [
        Status::Typed,
        Status::Inferred,
        Status::NotAvailable,
        Status::Pending,
    ]
    .map(|status| coverage.count(status));
    assert_eq!(counts.iter().sum::<usize>(), 109);
    let markdown = coverage.to_markdown();
    assert!(
        markdown.contains(&format!("**{}.**", coverage.totals())),
        "the totals line is missing"
    );
    assert!(coverage.totals().starts_with(&format!(
        "{} typed, {} inferred, {} not available",
        counts[0], counts[1], counts[2]
    )));
    assert!(coverage.totals().ends_with(", of 109"));
    // Inferred comes from the spec's `source: inferred:`, typed from the rest.
    let status_of = |function: &str| {
        coverage
            .rows
            .iter()
            .find(|row| row.function.as_deref() == Some(function))
            .map(|row| row.status)
    };
    assert_eq!(status_of("setup_intents::cancel"), Some(Status::Inferred));
    assert_eq!(status_of("setup_intents::confirm"), Some(Status::Typed));
    // `example:` sources are documented facts too.
    assert_eq!(status_of("subscriptions::update"), Some(Status::Typed));
}

/// A two-endpoint spec: one read, one inferred.
fn small_model() -> ApiModel {
    let spec = r#"
schemas:
  Thing:
    kind: raw
    description: A thing.
endpoints:
  retrieve:
    method: GET
    path: /v1/things/{id}
    description: Fetch a thing.
    source: "read: Retrieve a thing"
    path_params:
      id:
        description: The thing's id.
    response: Thing
  create:
    method: POST
    path: /v1/things
    description: Make a thing.
    source: "inferred: like the others"
    response: Thing
"#;
    generator::build_model(&[SpecSource::new("spec/things.yaml", spec)])
        .unwrap_or_else(|error| panic!("{error}"))
}

fn check(navigation: &str) -> Result<Coverage, String> {
    coverage::check(Path::new("nav.yaml"), navigation, &small_model())
        .map_err(|diagnostics| diagnostics.to_string())
}

#[test]
fn a_small_navigation_renders_each_status() {
    let coverage = check(
        r#"
pending: [later::create]
groups:
  - group: Things
    entries:
      - title: Retrieve a thing
        method: GET
        endpoint: things::retrieve
      - title: Make a thing
        endpoint: things::create
      - title: Delete a | thing
        method: DELETE
        unavailable: "no page shows
          its path"
      - title: Later
        method: POST
        endpoint: later::create
"#,
    )
    .unwrap();
    assert_eq!(
        coverage.totals(),
        "1 typed, 1 inferred, 1 not available, 1 pending, of 4"
    );
    let markdown = coverage.to_markdown();
    for row in [
        "| Things | Retrieve a thing | `GET /v1/things/{id}` | typed | `wooshpay::things::retrieve` |",
        "| Things | Make a thing | `POST /v1/things` | inferred | `wooshpay::things::create` |",
        // A pipe would split the cell; a folded reason stays on one line.
        "| Things | Delete a \\| thing | `DELETE`, path unknown | not available | no page shows its path |",
        "| Things | Later | `POST`, not in the spec yet | pending | `wooshpay::later::create` |",
    ] {
        assert!(markdown.contains(row), "missing {row:?} in\n{markdown}");
    }
    assert!(markdown.contains("None: every endpoint in the spec implements a navigation entry."));
}

#[test]
fn spec_endpoints_no_entry_names_are_listed() {
    let coverage = check(
        "groups:\n  - group: Things\n    entries:\n      - title: Retrieve a thing\n        endpoint: things::retrieve\n",
    )
    .unwrap();
    let markdown = coverage.to_markdown();
    assert!(markdown.contains("| `wooshpay::things::create` | `POST /v1/things` | inferred |"));
}

#[test]
fn an_unknown_endpoint_is_an_error_naming_file_line_and_entry() {
    let error = check(
        "groups:\n  - group: Things\n    entries:\n      - title: Retrieve a thing\n        endpoint: things::retreive\n",
    )
    .unwrap_err();
    assert_eq!(
        error,
        "nav.yaml:5:9: error: \"Retrieve a thing\" names `things::retreive`, but no spec endpoint is called that (module = spec file stem, function = key under `endpoints:`); did you mean `things::retrieve`? (at `groups[0].entries[0].endpoint`)\n1 error in the spec"
    );
}

#[test]
fn an_endpoint_named_twice_is_an_error() {
    let error = check(
        r#"groups:
  - group: Things
    entries:
      - title: Retrieve a thing
        endpoint: things::retrieve
  - group: Other things
    entries:
      - title: Fetch a thing
        endpoint: things::retrieve
"#,
    )
    .unwrap_err();
    assert!(
        error.starts_with("nav.yaml:9:9: error: \"Fetch a thing\" names `things::retrieve`, which \"Retrieve a thing\" names already"),
        "{error}"
    );
}

#[test]
fn malformed_entries_are_errors() {
    let cases = [
        // Both, or neither, of endpoint and unavailable.
        ("      - title: A\n        endpoint: things::create\n        unavailable: no\n", "\"A\" has both `endpoint:` and `unavailable:`"),
        ("      - title: A\n        method: GET\n", "\"A\" has neither `endpoint:` nor `unavailable:`"),
        // The sidebar's method must agree with the spec's.
        ("      - title: A\n        method: GET\n        endpoint: things::create\n", "\"A\": the sidebar says GET, but the spec's `things::create` is POST"),
        ("      - title: A\n        method: PUT\n        unavailable: x\n", "unsupported method `PUT`"),
        ("      - title: A\n        unavailable: \" \"\n", "the reason is empty"),
        // Unknown keys are reported with a suggestion.
        ("      - title: A\n        unavailible: x\n", "unknown key `unavailible`; expected one of `title`, `method`, `endpoint`, `unavailable`; did you mean `unavailable`?"),
        ("      - title: A\n        unavailable: x\n      - title: A\n        unavailable: y\n", "\"A\" appears twice in group \"Things\""),
        // A repeated key, which YAML would resolve by dropping the first.
        ("      - title: A\n        title: B\n        unavailable: x\n", "nav.yaml:5:9: error: the key `title` appears twice in the same mapping"),
    ];
    for (entries, expected) in cases {
        let text = format!("groups:\n  - group: Things\n    entries:\n{entries}");
        let error = check(&text).unwrap_err();
        assert!(error.starts_with("nav.yaml:"), "{error}");
        assert!(error.contains(expected), "expected {expected:?} in {error}");
    }
}

#[test]
fn pending_functions_must_be_missing_and_named() {
    let entries = "groups:\n  - group: Things\n    entries:\n      - title: A\n        endpoint: things::create\n";
    // A pending function that the spec has now must leave `pending:`.
    let error = check(&format!("pending: [things::create]\n{entries}")).unwrap_err();
    assert!(
        error.starts_with(
            "nav.yaml:1:11: error: `things::create` is in the spec now; delete it from `pending:`"
        ),
        "{error}"
    );
    let error = check(&format!("pending: [gone::create]\n{entries}")).unwrap_err();
    assert!(
        error.contains("no entry names `gone::create`; delete it from `pending:`"),
        "{error}"
    );
}
