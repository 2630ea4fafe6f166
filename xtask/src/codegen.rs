//! `cargo xtask codegen`: spec/ → generated/src/generated/.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::sync::{self, WorkspaceError, GENERATED_DIR};
use generator::GeneratedFile;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is inside the workspace")
        .to_path_buf()
}

pub fn run(mode: Mode) -> ExitCode {
    let root = workspace_root();
    match sync::generate_workspace(&root) {
        Ok(files) => write_or_check(&root, &files, mode),
        Err(WorkspaceError::Spec(message)) => {
            eprintln!("{message}");
            eprintln!("nothing was written");
            ExitCode::from(1)
        }
        Err(WorkspaceError::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(WorkspaceError::Bug(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}

fn write_or_check(root: &Path, files: &[GeneratedFile], mode: Mode) -> ExitCode {
    let out_dir = root.join(GENERATED_DIR);
    let plan = match sync::plan(&out_dir, files) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("error: cannot read {}: {error}", out_dir.display());
            return ExitCode::from(2);
        }
    };
    let relative = |path: &Path| {
        path.strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string()
    };
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
                eprintln!("error: writing {}: {error}", out_dir.display());
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
            ExitCode::SUCCESS
        }
    }
}
