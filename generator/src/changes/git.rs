//! The spec files as they were at a git revision, read with `git ls-tree`
//! and `git show`: no checkout, the working tree is never touched.

use std::path::Path;
use std::process::Command;

use crate::SpecSource;

/// Runs `git -C root args...`; its stdout, or a message naming the command.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Every `*.yaml` file directly in `spec/` at `revision`, and the examples
/// in `spec/examples/<module>/`, sorted by name like [`crate::read_spec_dir`], with paths such as `HEAD:spec/common.yaml`
/// so errors in an old spec say where they are. A revision without `spec/`
/// gives no files (an empty API).
pub fn spec_sources_at(root: &Path, revision: &str) -> Result<Vec<SpecSource>, String> {
    // A revision starting with `-` would be read as an option.
    if revision.is_empty() || revision.starts_with('-') {
        return Err(format!("`{revision}` is not a git revision"));
    }
    let commit = format!("{revision}^{{commit}}");
    git(root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
        format!(
            "`{revision}` is not a commit in the git repository at {}",
            root.display()
        )
    })?;
    // `-z`: names are NUL-terminated and never quoted. Paths are relative to
    // `root`, which may be below the repository's top level.
    let listing = git(root, &["ls-tree", "-r", "-z", &commit, "--", "spec/"])?;
    let mut names = Vec::new();
    for entry in listing
        .split(|&byte| byte == 0)
        .filter(|entry| !entry.is_empty())
    {
        // `<mode> <type> <object>\t<path>`
        let Some(tab) = entry.iter().position(|&byte| byte == b'\t') else {
            continue;
        };
        let meta = String::from_utf8_lossy(&entry[..tab]);
        let Ok(path) = std::str::from_utf8(&entry[tab + 1..]) else {
            return Err(format!(
                "`{revision}` has a file in spec/ whose name is not UTF-8 (`{}`); spec file names are Rust module names, so that revision cannot be compared: rename the file there, or compare with another revision",
                String::from_utf8_lossy(&entry[tab + 1..]).escape_debug()
            ));
        };
        let is_file = meta.split(' ').nth(1) == Some("blob");
        let in_spec = Path::new(path).parent() == Some(Path::new("spec"));
        let is_yaml = path.ends_with(".yaml") || path.ends_with(".yml");
        if is_file && ((in_spec && is_yaml) || crate::examples::is_example(Path::new(path))) {
            names.push(path.to_owned());
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let contents = git(root, &["show", &format!("{commit}:./{path}")])?;
            Ok(SpecSource::new(format!("{revision}:{path}"), contents))
        })
        .collect()
}
