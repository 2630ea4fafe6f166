//! Bringing the generated files in line with the spec, all-or-nothing.
//!
//! The generated Rust folder ([`GENERATED_DIR`]) belongs to the generator:
//! every file in it carries the `@generated` header, and `.rs` files the spec
//! no longer produces are removed. Beside it the generator owns exactly one
//! more file, the OpenAPI document at [`OPENAPI_PATH`], and the block of
//! per-resource features in [`MANIFEST_PATH`]. Files whose text is
//! already right are not touched (so their timestamps, and incremental
//! builds, survive).

use std::collections::BTreeSet;
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::model::ApiModel;
use crate::{GenerateError, GeneratedFile, SpecSource};

/// Where the generated Rust files live, relative to the workspace root.
pub const GENERATED_DIR: &str = "generated/src/generated";

/// Where the OpenAPI document lives, relative to the workspace root.
pub const OPENAPI_PATH: &str = "generated/openapi.json";

/// The crate manifest, whose per-resource features block the generator
/// keeps (see [`crate::features`]); the rest of the file is left as it is.
pub const MANIFEST_PATH: &str = "generated/Cargo.toml";

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
    // No spec means no crate: generating would delete every generated file.
    if sources.is_empty() {
        return Err(WorkspaceError::Spec(format!(
            "{}: error: no spec files (`*.yaml`); codegen would remove every generated file, so it refuses",
            spec_dir.strip_prefix(root).unwrap_or(&spec_dir).display()
        )));
    }
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
    files.extend(manifest_file(root, &model)?);
    // The fake server's tables, when the workspace has the fake's crate.
    if root.join(crate::fake_tables::FAKE_MANIFEST_PATH).is_file() {
        files.push(crate::fake_tables::file(&model).map_err(WorkspaceError::Bug)?);
    }
    Ok(files)
}

/// The crate manifest with its features block brought up to date; nothing
/// for a workspace without one (a scratch workspace of only a spec).
fn manifest_file(root: &Path, model: &ApiModel) -> Result<Option<GeneratedFile>, WorkspaceError> {
    let path = root.join(MANIFEST_PATH);
    let manifest = match std::fs::read_to_string(&path) {
        Ok(manifest) => manifest,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(WorkspaceError::Io(format!(
                "cannot read {MANIFEST_PATH}: {error}"
            )))
        }
    };
    crate::features::check_names(model, &manifest).map_err(WorkspaceError::Spec)?;
    let block = crate::features::manifest_block(model).map_err(WorkspaceError::Spec)?;
    let contents = crate::features::replace_block(&manifest, &block)
        .map_err(|error| WorkspaceError::Io(format!("{MANIFEST_PATH}: {error}")))?;
    Ok(Some(GeneratedFile {
        path: MANIFEST_PATH.to_owned(),
        contents,
    }))
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
    /// `.rs` files in the generated folder that the spec does not produce
    /// but that lack the `@generated` header: never removed, only reported.
    pub foreign: Vec<PathBuf>,
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
/// disk. Every `.rs` file under `root/`[`GENERATED_DIR`] that `files` lacks
/// and that carries the `@generated` header is to be removed; nothing
/// outside that folder ever is.
///
/// Refuses (an error, nothing planned) when a symbolic link stands anywhere
/// in the generated folder or on the path to a file it would write: a link
/// checked out from a branch could otherwise make codegen write or delete
/// files outside the repository. Links are never followed.
pub fn plan(root: &Path, files: &[GeneratedFile]) -> io::Result<SyncPlan> {
    check_no_links(root, Path::new(GENERATED_DIR), true)?;
    let out_dir = root.join(GENERATED_DIR);
    let mut existing = BTreeSet::new();
    if out_dir.exists() {
        collect_rs_files(root, &out_dir, &mut existing)?;
    }
    let mut plan = plan_writes(root, files)?;
    for file in files {
        existing.remove(&root.join(&file.path));
    }
    for path in existing {
        if has_generated_header(&path)? {
            plan.removals.push(path);
        } else {
            plan.foreign.push(path);
        }
    }
    Ok(plan)
}

/// Like [`plan`] but for a subset of the generated files: schedules the
/// writes only, never a removal.
pub fn plan_writes(root: &Path, files: &[GeneratedFile]) -> io::Result<SyncPlan> {
    let mut plan = SyncPlan::default();
    for file in files {
        let relative = Path::new(&file.path);
        check_no_links(root, relative, false)?;
        let path = root.join(relative);
        if read_if_exists(&path)?.as_deref() != Some(file.contents.as_bytes()) {
            plan.writes.push((path, file.contents.clone()));
        }
    }
    Ok(plan)
}

/// Checks that `relative` stays inside `root` (no `..`, no absolute part)
/// and that neither it nor any folder on the way is a symbolic link (or,
/// for a file, a folder). Parts that do not exist yet are fine.
fn check_no_links(root: &Path, relative: &Path, is_dir: bool) -> io::Result<()> {
    let refuse = |message: String| Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    if relative.as_os_str().is_empty()
        || !relative
            .components()
            .all(|part| matches!(part, Component::Normal(_)))
    {
        return refuse(format!(
            "refusing to write `{}`: the path leaves the workspace",
            relative.display()
        ));
    }
    let mut path = root.to_path_buf();
    let parts: Vec<Component> = relative.components().collect();
    for (index, part) in parts.iter().enumerate() {
        path.push(part);
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(error) => return Err(error),
        };
        let shown = path.strip_prefix(root).unwrap_or(&path).display();
        let last = index + 1 == parts.len();
        if metadata.file_type().is_symlink() {
            return refuse(format!("refusing to write: `{shown}` is a symbolic link, where codegen writes a generated file or folder; remove it"));
        }
        if (!last || is_dir) && !metadata.is_dir() {
            return refuse(format!(
                "refusing to write: `{shown}` is not a folder, but generated files go inside it"
            ));
        }
        if last && !is_dir && !metadata.is_file() {
            return refuse(format!(
                "refusing to write: `{shown}` is not a regular file, but a generated file goes there"
            ));
        }
    }
    Ok(())
}

/// Whether `path` starts with the header every generated Rust file has.
fn has_generated_header(path: &Path) -> io::Result<bool> {
    let prefix = format!("// {}", crate::format::GENERATED_MARKER);
    let mut start = vec![0; prefix.len()];
    let mut file = std::fs::File::open(path)?;
    let mut filled = 0;
    while filled < start.len() {
        match file.read(&mut start[filled..])? {
            0 => return Ok(false),
            read => filled += read,
        }
    }
    Ok(start == prefix.as_bytes())
}

/// A file's bytes, or `None` when it does not exist.
fn read_if_exists(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Applies a plan, all or nothing. New contents go to temporary files
/// first; then each is renamed over its target, and each removal deletes
/// its file. The old contents of every replaced or removed file are kept in
/// memory, never in a file beside it: a backup file is one more path a
/// branch could plant a symbolic link at. If any step fails, every step done
/// is undone in reverse order (and the error is returned), so the folder is
/// as it was.
///
/// Every file created here is a temporary with an unguessable name, opened
/// with `create_new` (which fails, rather than follows, when anything
/// already stands there); nothing is ever written through an existing path.
pub fn apply(plan: &SyncPlan) -> io::Result<()> {
    let mut journal = Journal::default();
    let result = stage_and_commit(plan, &mut journal);
    if result.is_err() {
        journal.roll_back();
    }
    result
}

/// What [`apply`] has done so far, to undo it.
#[derive(Default)]
struct Journal {
    /// Temporary files written and not yet renamed into place.
    staged: Vec<PathBuf>,
    /// Folders created for new files, outermost first.
    created_dirs: Vec<PathBuf>,
    /// Steps taken, in order.
    steps: Vec<Step>,
}

enum Step {
    /// `target` did not exist and now holds new text.
    Created { target: PathBuf },
    /// `target` held `old` (and still does for a removal that failed) and
    /// now holds new text or is gone.
    Changed { target: PathBuf, old: Vec<u8> },
}

/// A fresh sibling name for a temporary file: the target's name, a marker
/// and 128 random bits, so no branch can have planted anything there.
fn temporary_sibling(path: &Path) -> PathBuf {
    use std::hash::{BuildHasher, Hasher};
    // `RandomState` is seeded from the OS's randomness once per process and
    // advanced per instance; two hashes of distinct inputs give 128 bits.
    let random = |salt: u64| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos()),
        );
        hasher.finish()
    };
    let mut name = path.as_os_str().to_owned();
    name.push(format!(
        ".codegen-tmp-{:016x}{:016x}",
        random(u64::from(std::process::id())),
        random(1)
    ));
    PathBuf::from(name)
}

/// Writes `contents` to a new temporary file beside `target` and returns its
/// path (recorded in `journal` until it is renamed).
fn stage(target: &Path, contents: &[u8], journal: &mut Journal) -> io::Result<PathBuf> {
    let temporary = temporary_sibling(target);
    // `create_new` is O_EXCL: it never follows (or reuses) something already there.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)?;
    journal.staged.push(temporary.clone());
    file.write_all(contents)?;
    file.sync_all()?;
    Ok(temporary)
}

/// The bytes of the regular file at `path`, or `None` when nothing is
/// there. Refuses a symbolic link or anything else that is not a file.
fn read_regular_file(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_file() => std::fs::read(path).map(Some),
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to replace `{}`: it is not a regular file",
                path.display()
            ),
        )),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

fn stage_and_commit(plan: &SyncPlan, journal: &mut Journal) -> io::Result<()> {
    let mut pending = Vec::new();
    for (path, contents) in &plan.writes {
        if let Some(parent) = path.parent() {
            let missing: Vec<PathBuf> = parent
                .ancestors()
                .take_while(|dir| !dir.exists())
                .map(Path::to_path_buf)
                .collect();
            std::fs::create_dir_all(parent)?;
            journal.created_dirs.extend(missing.into_iter().rev());
        }
        pending.push((stage(path, contents.as_bytes(), journal)?, path));
    }
    for (temporary, target) in pending {
        let step = match read_regular_file(target)? {
            Some(old) => Step::Changed {
                target: target.clone(),
                old,
            },
            None => Step::Created {
                target: target.clone(),
            },
        };
        // `rename` replaces the directory entry; it never writes through it.
        std::fs::rename(&temporary, target)?;
        journal.staged.retain(|staged| *staged != temporary);
        journal.steps.push(step);
    }
    for target in &plan.removals {
        let Some(old) = read_regular_file(target)? else {
            continue;
        };
        std::fs::remove_file(target)?;
        journal.steps.push(Step::Changed {
            target: target.clone(),
            old,
        });
    }
    Ok(())
}

impl Journal {
    /// Undoes every step, newest first. Best effort: an undo that fails
    /// cannot be undone either, and the original error is what is reported.
    /// Old contents go back the way new ones came: through a fresh
    /// temporary file renamed into place.
    fn roll_back(mut self) {
        for temporary in std::mem::take(&mut self.staged) {
            let _ = std::fs::remove_file(temporary);
        }
        for step in std::mem::take(&mut self.steps).into_iter().rev() {
            let _ = match step {
                Step::Created { target } => std::fs::remove_file(target),
                Step::Changed { target, old } => stage(&target, &old, &mut self)
                    .and_then(|temporary| std::fs::rename(temporary, &target)),
            };
        }
        for temporary in &self.staged {
            let _ = std::fs::remove_file(temporary);
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Every `.rs` file below `dir`. Refuses a symbolic link anywhere below it
/// rather than following it (a link loop or a link out of the folder would
/// make codegen list or delete files that are not its own).
fn collect_rs_files(root: &Path, dir: &Path, out: &mut BTreeSet<PathBuf>) -> io::Result<()> {
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_symlink() {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "refusing to write: `{}` is a symbolic link inside the generated folder, which holds only generated files; remove it",
                        path.strip_prefix(root).unwrap_or(&path).display()
                    ),
                ));
            } else if kind.is_dir() {
                pending.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "rs") {
                out.insert(path);
            }
        }
    }
    Ok(())
}
