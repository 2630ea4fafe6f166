//! `cargo xtask changes`: the API-change report between two versions of a
//! spec. One fixture pair per kind of change (tests/fixtures/changes/), the
//! report pinned by insta; a realistic edit of the real spec; and the git
//! side against a real temporary repository.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::changes::{self, ChangeReport, CompareError, Severity};
use generator::model::ApiModel;
use generator::SpecSource;

fn fixture_dir(case: &str, side: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/changes")
        .join(case)
        .join(side)
}

/// The model of one side of a fixture pair, with paths as in a workspace.
fn fixture_model(case: &str, side: &str) -> ApiModel {
    let dir = fixture_dir(case, side);
    let sources: Vec<SpecSource> = generator::read_spec_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .into_iter()
        .map(|source| {
            let name = source.path.file_name().unwrap().to_string_lossy();
            SpecSource::new(format!("spec/{name}"), source.contents)
        })
        .collect();
    assert!(!sources.is_empty(), "{} has no spec files", dir.display());
    generator::build_model(&sources).unwrap_or_else(|error| panic!("{case}/{side}: {error}"))
}

fn fixture_report(case: &str) -> ChangeReport {
    changes::compare_models(
        &fixture_model(case, "before"),
        &fixture_model(case, "after"),
    )
}

macro_rules! pinned_reports {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let report = fixture_report(stringify!($case));
                insta::assert_snapshot!(
                    concat!("changes_", stringify!($case)),
                    report.render_text()
                );
            }
        )*
    };
}

pinned_reports!(
    field_added,
    field_removed,
    field_renamed,
    field_requiredness,
    field_type,
    secret_flags,
    enum_values,
    union_variants,
    endpoints,
    schemas,
    documentation_only,
    no_change,
);

/// The (severity, key, what) of every change, for assertions that do not
/// depend on the wording of the explanations.
fn outline(report: &ChangeReport) -> Vec<(Severity, String, String)> {
    report
        .changes
        .iter()
        .map(|change| (change.severity, change.key.clone(), change.what.clone()))
        .collect()
}

#[test]
fn a_wire_rename_is_one_removal_plus_one_addition() {
    let report = fixture_report("field_renamed");
    let colour: Vec<_> = outline(&report)
        .into_iter()
        .filter(|(_, key, _)| key.starts_with("Widget.colo"))
        .collect();
    assert_eq!(
        colour,
        [
            (
                Severity::Breaking,
                "Widget.colour".to_owned(),
                "removed".to_owned()
            ),
            (
                Severity::Additive,
                "Widget.color".to_owned(),
                "added".to_owned()
            ),
        ]
    );
}

#[test]
fn a_description_change_is_documentation_only() {
    let report = fixture_report("documentation_only");
    assert_eq!(
        report.summary(),
        "0 breaking, 0 additive, 3 documentation only"
    );
    assert!(!report.has_breaking());
    assert!(report
        .changes
        .iter()
        .all(|change| change.severity == Severity::Documentation));
    assert_eq!(report.version_bump(), "patch");
}

#[test]
fn members_of_an_added_or_removed_schema_are_not_listed_one_by_one() {
    let report = fixture_report("schemas");
    let keys: Vec<String> = report
        .changes
        .iter()
        .map(|change| change.key.clone())
        .collect();
    assert!(keys.contains(&"ShippingCrate".to_owned()), "{keys:?}");
    assert!(keys.contains(&"Crate".to_owned()), "{keys:?}");
    assert!(
        !keys
            .iter()
            .any(|key| key.starts_with("ShippingCrate.") || key.starts_with("Crate.")),
        "{keys:?}"
    );
}

#[test]
fn the_same_change_is_breaking_in_a_request_and_additive_in_a_response() {
    let outline = outline(&fixture_report("field_added"));
    let added = |key: &str| {
        outline
            .iter()
            .find(|(_, found, what)| found == key && what == "added")
            .map(|(severity, _, _)| *severity)
    };
    assert_eq!(added("CreateWidgetParams.owner"), Some(Severity::Breaking));
    assert_eq!(added("Widget.created"), Some(Severity::Additive));
    assert_eq!(added("CreateWidgetParams.size"), Some(Severity::Additive));
}

#[test]
fn markdown_groups_changes_by_severity_under_the_summary() {
    insta::assert_snapshot!(
        "changes_markdown_schemas",
        fixture_report("schemas").render_markdown()
    );
    let empty = fixture_report("no_change").render_markdown();
    assert_eq!(
        empty,
        "**API changes: 0 breaking, 0 additive, 0 documentation only.** Suggested version bump: none.\n"
    );
}

/// The real spec, edited in memory: a response field and an enum value
/// added, another enum value removed. The closing note of issue 14 shows
/// this report.
#[test]
fn a_realistic_change_to_the_real_spec() {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let before: Vec<SpecSource> = generator::read_spec_dir(&spec_dir)
        .unwrap()
        .into_iter()
        .map(|source| {
            let relative = source.path.strip_prefix(&spec_dir).unwrap();
            SpecSource::new(Path::new("spec").join(relative), source.contents)
        })
        .collect();
    let after: Vec<SpecSource> = before
        .iter()
        .map(|source| {
            let mut text = String::from_utf8(source.contents.clone()).unwrap();
            if source.path.ends_with("setup_intents.yaml") {
                let edit = |text: &mut String, from: &str, to: &str| {
                    assert!(text.contains(from), "the spec no longer holds {from:?}");
                    *text = text.replacen(from, to, 1);
                };
                edit(
                    &mut text,
                    "      return_url:\n",
                    "      flow_directions:\n        type: array<string>\n        description: Directions money may move with the saved method.\n      return_url:\n",
                );
                edit(&mut text, "      - processing\n", "      - processing\n      - requires_capture\n");
                edit(&mut text, "      - duplicate\n", "");
            }
            SpecSource::new(source.path.clone(), text)
        })
        .collect();
    let report = changes::compare_models(
        &generator::build_model(&before).unwrap(),
        &generator::build_model(&after).unwrap(),
    );
    assert_eq!(
        report.summary(),
        "1 breaking, 2 additive, 0 documentation only"
    );
    insta::assert_snapshot!(
        "changes_real_spec",
        format!("{}\n{}", report.render_text(), report.render_markdown())
    );
}

/// A throwaway git repository under the system temporary folder, removed
/// when dropped.
struct TempRepo(PathBuf);

impl TempRepo {
    fn new(name: &str) -> TempRepo {
        let unique = format!(
            "wooshpay-changes-{name}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        let dir = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(dir.join("spec")).unwrap();
        let repo = TempRepo(dir);
        repo.git(&["init", "-q"]);
        repo.git(&["config", "user.name", "Change Report Test"]);
        repo.git(&["config", "user.email", "changes@example.invalid"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    fn git(&self, args: &[&str]) {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Makes `spec/` hold exactly the files of a fixture side.
    fn write_spec(&self, case: &str, side: &str) {
        let spec = self.0.join("spec");
        std::fs::remove_dir_all(&spec).unwrap();
        std::fs::create_dir_all(&spec).unwrap();
        for entry in std::fs::read_dir(fixture_dir(case, side)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, spec.join(path.file_name().unwrap())).unwrap();
        }
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
    }
}

impl Drop for TempRepo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn compares_the_working_tree_with_a_revision_of_a_real_repository() {
    let repo = TempRepo::new("two-commits");
    repo.write_spec("enum_values", "before");
    std::fs::write(repo.0.join("spec/README.md"), "not a spec file\n").unwrap();
    repo.commit("first");
    repo.write_spec("enum_values", "after");
    repo.commit("second");

    let against_first = changes::compare_workspace(&repo.0, "HEAD~1").unwrap();
    assert_eq!(against_first, fixture_report("enum_values"));
    assert_eq!(
        against_first.summary(),
        "1 breaking, 2 additive, 0 documentation only"
    );
    assert_eq!(
        changes::compare_workspace(&repo.0, "HEAD")
            .unwrap()
            .summary(),
        "0 breaking, 0 additive, 0 documentation only"
    );

    // Uncommitted edits count: the working tree is compared, not HEAD.
    repo.write_spec("enum_values", "before");
    let reverted = changes::compare_workspace(&repo.0, "HEAD").unwrap();
    assert_eq!(
        reverted.summary(),
        "2 breaking, 1 additive, 0 documentation only"
    );

    match changes::compare_workspace(&repo.0, "no-such-branch") {
        Err(CompareError::Git(message)) => assert!(message.contains("no-such-branch"), "{message}"),
        other => panic!("expected a git error, got {other:?}"),
    }
    match changes::compare_workspace(&repo.0, "--output=/tmp/x") {
        Err(CompareError::Git(message)) => {
            assert!(message.contains("not a git revision"), "{message}")
        }
        other => panic!("expected a git error, got {other:?}"),
    }
}

#[test]
fn a_broken_spec_at_the_revision_is_a_spec_error_naming_the_revision() {
    let repo = TempRepo::new("broken-base");
    repo.write_spec("no_change", "before");
    std::fs::write(
        repo.0.join("spec/widgets.yaml"),
        "schemas:\n  Widget:\n    kind: objcet\n",
    )
    .unwrap();
    repo.commit("broken");
    repo.write_spec("no_change", "after");
    match changes::compare_workspace(&repo.0, "HEAD") {
        Err(CompareError::Spec(message)) => {
            assert!(message.contains("HEAD:spec/widgets.yaml:3"), "{message}");
        }
        other => panic!("expected a spec error, got {other:?}"),
    }
}

#[test]
fn outside_a_git_repository_there_is_a_git_error() {
    let dir = std::env::temp_dir().join(format!("wooshpay-changes-no-repo-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    let result = changes::compare_workspace(&dir, "HEAD");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(matches!(result, Err(CompareError::Git(_))), "{result:?}");
}

#[test]
fn a_non_utf8_spec_file_name_at_the_revision_is_named_as_the_problem() {
    use std::os::unix::ffi::OsStrExt;
    let repo = TempRepo::new("non-utf8-name");
    repo.write_spec("no_change", "before");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    std::fs::write(repo.0.join("spec").join(name), "schemas: {}\n").unwrap();
    repo.commit("odd name");
    repo.write_spec("no_change", "after");
    match changes::compare_workspace(&repo.0, "HEAD") {
        Err(CompareError::Git(message)) => {
            assert!(message.contains("not UTF-8"), "{message}");
            assert!(message.contains("caf"), "{message}");
        }
        other => panic!("expected an error naming the file, got {other:?}"),
    }
}
