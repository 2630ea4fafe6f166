//! Bringing the generated folder in line with the spec, all-or-nothing.
//!
//! The generated folder belongs to the generator: every file in it carries the
//! `@generated` header, files the spec no longer produces are removed, and
//! files whose text is already right are not touched (so their timestamps,
//! and incremental builds, survive).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{GenerateError, GeneratedFile, SpecSource};

/// Where the generated files live, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated/src/generated";

/// Why the workspace could not be generated.
#[derive(Debug)]
pub enum WorkspaceError {
    /// The spec has errors (exit code 1).
    Spec(String),
    /// Reading, formatting or writing failed (exit code 2).
    Io(String),
    /// The generator produced invalid Rust (exit code 3).
    Bug(String),
}

impl std::fmt::Display for WorkspaceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkspaceError::Spec(message)
            | WorkspaceError::Io(message)
            | WorkspaceError::Bug(message) => f.write_str(message),
        }
    }
}

/// The final text of every generated file for the workspace at `root`:
/// `root/spec/*.yaml` through the pipeline, then rustfmt.
pub fn generate_workspace(root: &Path) -> Result<Vec<GeneratedFile>, WorkspaceError> {
    let spec_dir = root.join("spec");
    let sources = crate::read_spec_dir(&spec_dir).map_err(|error| {
        WorkspaceError::Io(format!("cannot read {}: {error}", spec_dir.display()))
    })?;
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
    let files = crate::generate(&sources).map_err(|error| match error {
        GenerateError::Spec(diagnostics) => WorkspaceError::Spec(diagnostics.to_string()),
        GenerateError::Internal(message) => WorkspaceError::Bug(message),
    })?;
    files
        .into_iter()
        .map(|file| {
            let contents = rustfmt(&file.contents, "2021").map_err(|error| {
                WorkspaceError::Io(format!("formatting {}: {error}", file.path))
            })?;
            Ok(GeneratedFile {
                path: file.path,
                contents,
            })
        })
        .collect()
}

/// What must change on disk for the folder to match the spec.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncPlan {
    /// Files to create or overwrite, with their full new text.
    pub writes: Vec<(PathBuf, String)>,
    /// Generated files the spec no longer produces.
    pub removals: Vec<PathBuf>,
}

impl SyncPlan {
    /// True when the folder already matches.
    pub fn is_empty(&self) -> bool {
        self.writes.is_empty() && self.removals.is_empty()
    }

    /// Every path that differs, sorted, for `--check` output.
    pub fn stale_paths(&self) -> Vec<&Path> {
        let mut paths: Vec<&Path> = self
            .writes
            .iter()
            .map(|(path, _)| path.as_path())
            .chain(self.removals.iter().map(PathBuf::as_path))
            .collect();
        paths.sort();
        paths
    }
}

/// Compares `files` (relative to `out_dir`) with what is on disk.
pub fn plan(out_dir: &Path, files: &[GeneratedFile]) -> io::Result<SyncPlan> {
    let mut existing = BTreeMap::new();
    if out_dir.exists() {
        collect_rs_files(out_dir, &mut existing)?;
    }
    let mut plan = SyncPlan::default();
    for file in files {
        let path = out_dir.join(&file.path);
        match existing.remove(&path) {
            Some(current) if current == file.contents.as_bytes() => {}
            _ => plan.writes.push((path, file.contents.clone())),
        }
    }
    plan.removals = existing.into_keys().collect();
    Ok(plan)
}

/// Applies a plan. New contents go to temporary files first and are renamed
/// into place only when every one was written, so an I/O error (a full disk)
/// leaves the old files intact.
pub fn apply(plan: &SyncPlan) -> io::Result<()> {
    let mut staged = Vec::new();
    let result = (|| {
        for (path, contents) in &plan.writes {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let temporary = path.with_extension("rs.codegen-tmp");
            std::fs::write(&temporary, contents)?;
            staged.push((temporary, path));
        }
        Ok(())
    })();
    if let Err(error) = result {
        for (temporary, _) in &staged {
            let _ = std::fs::remove_file(temporary);
        }
        return Err(error);
    }
    for (temporary, path) in staged {
        std::fs::rename(temporary, path)?;
    }
    for path in &plan.removals {
        std::fs::remove_file(path)?;
    }
    Ok(())
}

fn collect_rs_files(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rs_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.insert(path.clone(), std::fs::read(&path)?);
        }
    }
    Ok(())
}

/// Runs the toolchain's rustfmt over generated text, so the checked-in files
/// pass `cargo fmt --check` exactly. prettyplease already produced readable
/// code; rustfmt only settles the details where the two styles differ.
pub fn rustfmt(text: &str, edition: &str) -> io::Result<String> {
    use std::io::Write;
    let rustfmt = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut child = Command::new(rustfmt)
        .args(["--edition", edition, "--emit", "stdout", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = text.to_owned();
    // Write from another thread: rustfmt may fill stdout before reading all input.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output()?;
    writer
        .join()
        .map_err(|_| io::Error::other("rustfmt input thread panicked"))??;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "rustfmt failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    String::from_utf8(output.stdout).map_err(io::Error::other)
}
