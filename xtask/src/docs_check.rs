//! `cargo xtask docs-check [--fix] PAGE...`: saved reference pages (text, or
//! an OpenAPI export) against spec/.

use std::path::PathBuf;
use std::process::ExitCode;

use generator::docs_check;
use generator::sync;

/// Checks `pages` (paths as given, relative to the current directory).
pub fn run(pages: &[&str]) -> ExitCode {
    let root = crate::codegen::workspace_root();
    let model = match sync::workspace_model(&root) {
        Ok(model) => model,
        Err(error) => {
            eprintln!("{error}");
            eprintln!("error: the spec must be valid before pages can be checked against it");
            return ExitCode::from(2);
        }
    };
    let files: Vec<PathBuf> = pages.iter().map(PathBuf::from).collect();
    let report = docs_check::check_files(&model, &files);
    print_report(&report)
}

fn print_report(report: &docs_check::Report) -> ExitCode {
    for line in report.lines() {
        println!("{line}");
    }
    for error in &report.errors {
        eprintln!("{error}");
    }
    eprintln!("{}", report.summary());
    ExitCode::from(report.exit_code())
}

/// Edits spec/ so that the pages' differences are resolved or noted, prints
/// each change, then checks the pages again and exits as the check does.
pub fn run_fix(pages: &[&str]) -> ExitCode {
    let root = crate::codegen::workspace_root();
    // Pages are named relative to where the command runs, spec/ to the root.
    let files: Vec<PathBuf> = pages.iter().map(PathBuf::from).collect();
    let outcome = match docs_check::fix_workspace(&root, &files) {
        Ok(outcome) => outcome,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    for change in &outcome.changes {
        println!("{change}");
    }
    for line in &outcome.left_alone {
        println!("{line}");
    }
    if outcome.files.is_empty() {
        eprintln!("--fix: nothing to change");
    } else {
        eprintln!(
            "--fix: {} spec file(s) changed; review every `REVIEW:` and run `cargo xtask codegen`",
            outcome.files.len()
        );
    }
    run(pages)
}
