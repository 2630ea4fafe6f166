//! `cargo xtask codegen`: spec/ → generated/src/generated/.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::{GenerateError, GeneratedFile, SpecSource};

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
    match generate_for(&root) {
        Ok(files) => sync(&root, &files, mode),
        Err(Failure::Spec(message)) => {
            eprintln!("{message}");
            eprintln!("nothing was written");
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Bug(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(3)
        }
    }
}

pub enum Failure {
    Spec(String),
    Io(String),
    Bug(String),
}

/// The final text of every generated file, as it must be on disk.
pub fn generate_for(root: &Path) -> Result<Vec<GeneratedFile>, Failure> {
    let spec_dir = root.join("spec");
    let sources = generator::read_spec_dir(&spec_dir)
        .map_err(|error| Failure::Io(format!("cannot read {}: {error}", spec_dir.display())))?;
    // Paths relative to the root read better in errors and headers.
    let sources: Vec<SpecSource> = sources
        .into_iter()
        .map(|source| SpecSource {
            path: source
                .path
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(source.path),
            contents: source.contents,
        })
        .collect();
    let files = generator::generate(&sources).map_err(|error| match error {
        GenerateError::Spec(diagnostics) => Failure::Spec(diagnostics.to_string()),
        GenerateError::Internal(message) => Failure::Bug(message),
    })?;
    files
        .into_iter()
        .map(|file| {
            let contents = generator::sync::rustfmt(&file.contents, "2021")
                .map_err(|error| Failure::Io(format!("formatting {}: {error}", file.path)))?;
            Ok(GeneratedFile {
                path: file.path,
                contents,
            })
        })
        .collect()
}

fn sync(root: &Path, files: &[GeneratedFile], mode: Mode) -> ExitCode {
    let out_dir = root.join("generated/src/generated");
    let plan = match generator::sync::plan(&out_dir, files) {
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
            if let Err(error) = generator::sync::apply(&plan) {
                eprintln!("error: writing {}: {error}", out_dir.display());
                return ExitCode::from(2);
            }
            for (path, _) in &plan.writes {
                println!("wrote   {}", relative(path));
            }
            for path in &plan.removals {
                println!("removed {}", relative(path));
            }
            println!(
                "{} files, {} changed",
                files.len(),
                plan.writes.len() + plan.removals.len()
            );
            ExitCode::SUCCESS
        }
    }
}
