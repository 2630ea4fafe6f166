//! `cargo xtask docs-check PAGE.txt...`: saved reference pages against spec/.

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
    for line in report.lines() {
        println!("{line}");
    }
    for error in &report.errors {
        eprintln!("{error}");
    }
    eprintln!("{}", report.summary());
    ExitCode::from(report.exit_code())
}
