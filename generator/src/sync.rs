//! Bringing the generated files in line with the spec, all-or-nothing.
//!
//! The generated Rust folder ([`GENERATED_DIR`]) belongs to the generator:
//! every file in it carries the `@generated` header, and `.rs` files the spec
//! no longer produces are removed. Beside it the generator owns exactly one
//! more file, the OpenAPI document at [`OPENAPI_PATH`]. Files whose text is
//! already right are not touched (so their timestamps, and incremental
//! builds, survive).

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use crate::model::ApiModel;
use crate::{GenerateError, GeneratedFile, SpecSource};

/// Where the generated Rust files live, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated/src/generated";

/// Where the OpenAPI document lives, relative to the workspace root.
pub const OPENAPI_PATH: &str = "generated/openapi.json";

/// Why the workspace could not be generated.
#[derive(Debug)]
pub enum WorkspaceError {
    /// The spec has errors (exit code 1).
    Spec(String),
    /// Reading or writing failed (exit code 2).
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

/// Reads `root/spec/*.yaml` and builds the model, with spec paths relative to
/// `root` so that errors read `spec/setup_intents.yaml:42:9: ...`.
pub fn workspace_model(root: &Path) -> Result<ApiModel, WorkspaceError> {
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
    crate::build_model(&sources)
        .map_err(|diagnostics| WorkspaceError::Spec(diagnostics.to_string()))
}

/// The final text of every generated file for the workspace at `root`, with
/// paths relative to `root`: the Rust files under [`GENERATED_DIR`]
/// (`root/spec/*.yaml` through the pipeline; prettyplease is the only
/// formatter, so no external tool runs), and the OpenAPI
/// document at [`OPENAPI_PATH`].
pub fn generate_workspace(root: &Path) -> Result<Vec<GeneratedFile>, WorkspaceError> {
    let model = workspace_model(root)?;
    let files = crate::generate_from_model(&model).map_err(|error| match error {
        GenerateError::Spec(diagnostics) => WorkspaceError::Spec(diagnostics.to_string()),
        GenerateError::Internal(message) => WorkspaceError::Bug(message),
    })?;
    let mut files: Vec<GeneratedFile> = files
        .into_iter()
        .map(|file| GeneratedFile {
            path: format!("{GENERATED_DIR}/{}", file.path),
            contents: file.contents,
        })
        .collect();
    files.push(openapi_file(&model));
    Ok(files)
}

/// The OpenAPI document of the workspace at `root` alone, at [`OPENAPI_PATH`].
pub fn generate_openapi(root: &Path) -> Result<GeneratedFile, WorkspaceError> {
    workspace_model(root).map(|model| openapi_file(&model))
}

fn openapi_file(model: &ApiModel) -> GeneratedFile {
    GeneratedFile {
        path: OPENAPI_PATH.to_owned(),
        contents: crate::openapi::render(model),
    }
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

/// Compares `files` (paths relative to the workspace `root`) with what is on
/// disk. Every `.rs` file under `root/`[`GENERATED_DIR`] that `files` lacks is
/// to be removed; nothing outside that folder ever is.
pub fn plan(root: &Path, files: &[GeneratedFile]) -> io::Result<SyncPlan> {
    let out_dir = root.join(GENERATED_DIR);
    let mut existing = BTreeSet::new();
    if out_dir.exists() {
        collect_rs_files(&out_dir, &mut existing)?;
    }
    let mut plan = plan_writes(root, files)?;
    for file in files {
        existing.remove(&root.join(&file.path));
    }
    plan.removals = existing.into_iter().collect();
    Ok(plan)
}

/// Like [`plan`] but for a subset of the generated files: schedules the
/// writes only, never a removal.
pub fn plan_writes(root: &Path, files: &[GeneratedFile]) -> io::Result<SyncPlan> {
    let mut plan = SyncPlan::default();
    for file in files {
        let path = root.join(&file.path);
        if read_if_exists(&path)?.as_deref() != Some(file.contents.as_bytes()) {
            plan.writes.push((path, file.contents.clone()));
        }
    }
    Ok(plan)
}

/// A file's bytes, or `None` when it does not exist.
fn read_if_exists(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
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
            let mut temporary = path.clone().into_os_string();
            temporary.push(".codegen-tmp");
            let temporary = PathBuf::from(temporary);
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

fn collect_rs_files(dir: &Path, out: &mut BTreeSet<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_rs_files(&path, out)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.insert(path);
        }
    }
    Ok(())
}
