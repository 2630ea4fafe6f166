//! Step 1: read spec files and parse their YAML into the raw spec types.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::locate::LineIndex;
use crate::raw::RawSpecFile;

/// One spec file's bytes, as read from disk (or made up by a test or fuzzer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSource {
    /// Shown in errors and in `@generated` headers, e.g. `spec/setup_intents.yaml`.
    pub path: PathBuf,
    pub contents: Vec<u8>,
}

impl SpecSource {
    /// A source from text, for tests.
    pub fn new(path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) -> SpecSource {
        SpecSource {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// A parsed spec file with what is needed to point back into it.
#[derive(Debug)]
pub struct ParsedFile {
    pub path: PathBuf,
    /// The file stem: the module name.
    pub stem: String,
    pub raw: RawSpecFile,
    pub lines: LineIndex,
}

/// Reads every `*.yaml` file directly inside `dir`, sorted by name so the
/// output never depends on directory order.
pub fn read_spec_dir(dir: &Path) -> std::io::Result<Vec<SpecSource>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file()
            && path
                .extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let contents = std::fs::read(&path)?;
            Ok(SpecSource { path, contents })
        })
        .collect()
}

/// Parses one file; a file that cannot be parsed gives exactly one diagnostic.
pub fn parse(source: &SpecSource) -> Result<ParsedFile, Diagnostic> {
    let error = |location, spec_path: &str, message: String| Diagnostic {
        file: source.path.clone(),
        spec_path: spec_path.to_owned(),
        location,
        message,
    };
    let stem = source
        .path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default()
        .to_owned();
    let text = std::str::from_utf8(&source.contents).map_err(|utf8| {
        let valid = &source.contents[..utf8.valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
        error(
            Some((line, col)),
            "",
            format!(
                "the file is not valid UTF-8 (bad byte at offset {}); save it as UTF-8",
                utf8.valid_up_to()
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(error(
            None,
            "",
            "the file is empty; give it `schemas:` and/or `endpoints:`, or delete it".to_owned(),
        ));
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let raw: RawSpecFile = serde_path_to_error::deserialize(deserializer).map_err(|failure| {
        let spec_path = yaml_path(failure.path());
        let inner = failure.into_inner();
        let location = inner.location().map(|l| (l.line(), l.column()));
        error(location, &spec_path, clean_message(&inner.to_string()))
    })?;
    Ok(ParsedFile {
        path: source.path.clone(),
        stem,
        raw,
        lines: LineIndex::build(text),
    })
}

/// serde_path_to_error writes `a.b[0].c`; `.` alone means the root.
fn yaml_path(path: &serde_path_to_error::Path) -> String {
    let path = path.to_string();
    if path == "." {
        String::new()
    } else {
        path
    }
}

/// serde_yaml appends the position and prefixes the path, both of which the
/// diagnostic already carries separately.
fn clean_message(message: &str) -> String {
    let message = match message.rfind(" at line ") {
        Some(cut) => &message[..cut],
        None => message,
    };
    let message = match message.split_once(": ") {
        Some((prefix, rest)) if !prefix.contains(' ') && !prefix.is_empty() => rest,
        _ => message,
    };
    message.replace("did not match any variant of untagged enum RawEnumValue",
        "an enum value must be a string, or a mapping with `value:` and optional `description:`, `source:`, `note:`")
}
