//! `cargo xtask codegen`: spec/ → generated/src/generated/ and
//! generated/openapi.json; `cargo xtask openapi`: the OpenAPI document alone.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::sync::{self, WorkspaceError};
use generator::GeneratedFile;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

/// `cargo xtask codegen [--check]`: every generated file.
pub fn run(mode: Mode) -> ExitCode {
    let root = workspace_root();
    match sync::generate_workspace(&root) {
        Ok(files) => write_or_check(&root, &files, sync::plan(&root, &files), mode),
        Err(error) => report(error),
    }
}

/// `cargo xtask openapi`: (re)writes generated/openapi.json only.
pub fn run_openapi() -> ExitCode {
    let root = workspace_root();
    match sync::generate_openapi(&root) {
        Ok(file) => {
            let files = [file];
            write_or_check(&root, &files, sync::plan_writes(&root, &files), Mode::Write)
        }
        Err(error) => report(error),
    }
}

/// Prints a generation error; returns the exit code its kind calls for.
pub fn report(error: WorkspaceError) -> ExitCode {
    match error {
        WorkspaceError::Spec(message) => {
            eprintln!("{message}");
            eprintln!("nothing was written");
            ExitCode::from(1)
        }
        WorkspaceError::Io(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        WorkspaceError::Bug(message) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}

fn write_or_check(
    root: &Path,
    files: &[GeneratedFile],
    plan: std::io::Result<sync::SyncPlan>,
    mode: Mode,
) -> ExitCode {
    let plan = match plan {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("error: {error}");
            eprintln!("nothing was written");
            return ExitCode::from(2);
        }
    };
    let relative = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    for path in &plan.foreign {
        eprintln!(
            "warning: {} is not produced by the spec and has no @generated header; left alone",
            relative(path)
        );
    }
    match mode {
        Mode::Check if plan.is_empty() => {
            println!(
                "generated/ is up to date with spec/ ({} files)",
                files.len()
            );
            ExitCode::SUCCESS
        }
        Mode::Check => {
            eprintln!("generated/ is stale; run `cargo xtask codegen`. Files that differ:");
            for path in plan.stale_paths() {
                eprintln!("  {}", relative(path));
            }
            ExitCode::from(1)
        }
        Mode::Write => {
            if let Err(error) = sync::apply(&plan) {
                eprintln!("error: writing the generated files: {error}");
                eprintln!("every change was undone");
                return ExitCode::from(2);
            }
            for (path, _) in &plan.writes {
                println!("wrote   {}", relative(path));
            }
            for path in &plan.removals {
                println!("removed {}", relative(path));
            }
            let changed = plan.writes.len() + plan.removals.len();
            println!("{} files, {changed} changed", files.len());
            if changed > 0 {
                crate::changes::print_codegen_summary(root);
            }
            ExitCode::SUCCESS
        }
    }
}
