//! `cargo xtask coverage [--check]`: spec/coverage/navigation.yaml and the
//! spec → COVERAGE.md, the table of every navigation endpoint.

use std::process::ExitCode;

use generator::coverage;

use crate::codegen::{report, workspace_root, Mode};

/// Writes COVERAGE.md, or (with [`Mode::Check`]) fails when it is stale.
pub fn run(mode: Mode) -> ExitCode {
    let root = workspace_root();
    let file = match coverage::workspace_coverage(&root) {
        Ok(file) => file,
        Err(error) => return report(error),
    };
    let target = root.join(&file.path);
    // A missing file is simply stale.
    let current = std::fs::read_to_string(&target).unwrap_or_default();
    let fresh = current == file.contents;
    match mode {
        Mode::Check if fresh => {
            println!("{} is up to date", file.path);
            ExitCode::SUCCESS
        }
        Mode::Check => {
            eprintln!(
                "{} is stale; run `cargo xtask coverage` and commit it",
                file.path
            );
            ExitCode::from(1)
        }
        Mode::Write if fresh => {
            println!("{} is up to date", file.path);
            ExitCode::SUCCESS
        }
        Mode::Write => match std::fs::write(&target, &file.contents) {
            Ok(()) => {
                println!("wrote   {}", file.path);
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: writing {}: {error}", file.path);
                ExitCode::from(2)
            }
        },
    }
}
