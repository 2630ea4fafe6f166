//! Step 1: read spec files and parse their YAML into the raw spec types.

use std::path::{Path, PathBuf};

use crate::diagnostic::{shorten, Diagnostic};
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
/// output never depends on directory order, then the documented examples
/// under `dir/examples/` (see [`crate::examples`]).
///
/// A symbolic link (the folder itself, or a `*.yaml` entry) is refused, not
/// followed: a branch could otherwise make codegen read, and quote in its
/// errors, any file on the machine.
pub fn read_spec_dir(dir: &Path) -> std::io::Result<Vec<SpecSource>> {
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return Err(link_refused(dir));
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let is_spec = path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml");
        let kind = entry.file_type()?;
        if is_spec && kind.is_symlink() {
            return Err(link_refused(&path));
        }
        if is_spec && kind.is_file() {
            paths.push(path);
        }
    }
    let mut sources = read_sorted(paths)?;
    sources.extend(crate::examples::read_examples_dir(dir)?);
    Ok(sources)
}

/// The error for a symbolic link where the spec is read: refused, never
/// followed, and its target never quoted.
pub(crate) fn link_refused(path: &Path) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "`{}` is a symbolic link; the spec is read only from regular files, so remove it",
            path.display()
        ),
    )
}

/// The files at `paths`, sorted by name so the output never depends on
/// directory order.
pub(crate) fn read_sorted(mut paths: Vec<PathBuf>) -> std::io::Result<Vec<SpecSource>> {
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let contents = std::fs::read(&path)?;
            Ok(SpecSource { path, contents })
        })
        .collect()
}

/// Parses one file. A file that cannot be parsed gives its diagnostics: one
/// for a syntax or shape error (serde stops there), one per repeated key.
pub fn parse(source: &SpecSource) -> Result<ParsedFile, Vec<Diagnostic>> {
    let error = |location, spec_path: &str, message: String| Diagnostic {
        file: source.path.clone(),
        spec_path: shorten(spec_path),
        location,
        message: shorten(&message),
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
        vec![error(
            Some((line, col)),
            "",
            format!(
                "the file is not valid UTF-8 (bad byte at offset {}); save it as UTF-8",
                utf8.valid_up_to()
            ),
        )]
    })?;
    let has_content = text.lines().any(|line| {
        let line = line.trim();
        !(line.is_empty() || line.starts_with('#') || line == "---" || line == "...")
    });
    if !has_content {
        return Err(vec![error(
            None,
            "",
            "the file has no content; give it `schemas:` and/or `endpoints:`, or delete it"
                .to_owned(),
        )]);
    }
    let lines = LineIndex::build(text);
    if let Some(stop) = &lines.too_deep {
        return Err(vec![error(
            Some(stop.position),
            &stop.spec_path,
            format!("the YAML is nested more than {} levels deep; define inner objects as named schemas and reference them", crate::locate::MAX_DEPTH),
        )]);
    }
    if let Some(stop) = &lines.anchor_or_alias {
        return Err(vec![error(
            Some(stop.position),
            &stop.spec_path,
            "YAML anchors, aliases and merge keys (`&name`, `*name`, `<<`) are not supported (an alias can multiply a small file into gigabytes); write the value out".to_owned(),
        )]);
    }
    if let Some(position) = find_bidi_control(text) {
        return Err(vec![error(
            Some(position),
            lines.path_before(position).unwrap_or_default(),
            "a bidirectional-text control character (U+202A–U+202E, U+2066–U+2069) can make text display differently from what it is, and rustc refuses it in generated code; remove it".to_owned(),
        )]);
    }
    if let Some(spec_path) = find_escaped_bidi_control(text) {
        return Err(vec![error(
            lines.find(&spec_path),
            &spec_path,
            "a YAML escape here decodes to a bidirectional-text control character (U+202A–U+202E, U+2066–U+2069), which can make text display differently from what it is and which rustc refuses in generated code; remove it".to_owned(),
        )]);
    }
    if let Some(&position) = lines.extra_documents.first() {
        return Err(vec![error(
            Some(position),
            "",
            "the file holds more than one YAML document (a second `---`); keep one document per spec file".to_owned(),
        )]);
    }
    if !lines.duplicates.is_empty() {
        return Err(lines
            .duplicates
            .iter()
            .map(|(path, position)| {
                let key = path.rsplit('.').next().unwrap_or(path);
                error(
                    Some(*position),
                    path,
                    format!("the key `{key}` appears twice in the same mapping; YAML would silently keep only the last one, so rename or remove one"),
                )
            })
            .collect());
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let raw: RawSpecFile = serde_path_to_error::deserialize(deserializer).map_err(|failure| {
        let spec_path = yaml_path(failure.path());
        let inner = failure.into_inner();
        let location = inner.location().map(|l| (l.line(), l.column()));
        let line_text = location.and_then(|(line, _)| text.lines().nth(line.saturating_sub(1)));
        vec![error(
            location,
            &spec_path,
            explain(&inner.to_string(), location, line_text),
        )]
    })?;
    Ok(ParsedFile {
        path: source.path.clone(),
        stem,
        raw,
        lines,
    })
}

/// Line and column of the first character that rustc's
/// `text_direction_codepoint_in_comment` and `..._in_literal` lints deny.
fn find_bidi_control(text: &str) -> Option<(usize, usize)> {
    let offset = text.find(is_bidi_control)?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some((line, column))
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The spec path of the first key or string whose *decoded* text holds a
/// bidirectional control character that the file's bytes only spell as an
/// escape (`"\u202E"` in a double-quoted YAML string). Only files with a
/// Unicode escape at all are decoded a second time for this.
fn find_escaped_bidi_control(text: &str) -> Option<String> {
    if !text.contains("\\u") && !text.contains("\\U") {
        return None;
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    find_bidi_in_value(&value, String::new())
}

fn find_bidi_in_value(value: &serde_yaml::Value, path: String) -> Option<String> {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_owned()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        serde_yaml::Value::String(text) => text.contains(is_bidi_control).then_some(path),
        serde_yaml::Value::Sequence(items) => items
            .iter()
            .enumerate()
            .find_map(|(index, item)| find_bidi_in_value(item, format!("{path}[{index}]"))),
        serde_yaml::Value::Mapping(map) => map.iter().find_map(|(key, item)| {
            let key_text = match key {
                serde_yaml::Value::String(key) => key.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
            };
            if key_text.contains(is_bidi_control) {
                // Name the mapping, not the key that cannot be shown.
                return Some(path.clone());
            }
            find_bidi_in_value(item, join(&key_text))
        }),
        serde_yaml::Value::Tagged(tagged) => find_bidi_in_value(&tagged.value, path),
        _ => None,
    }
}

/// serde_path_to_error writes `a.b[0].c`, `.` for the root and `?` for a
/// position it could not name; keep only the part that names something.
pub(crate) fn yaml_path(path: &serde_path_to_error::Path) -> String {
    let path = path.to_string();
    let known: Vec<&str> = path
        .split('.')
        .take_while(|segment| !segment.contains('?'))
        .collect();
    let path = known.join(".");
    if path == "." {
        String::new()
    } else {
        path
    }
}

/// Restates serde_yaml's message in the spec's terms: keys rather than
/// fields, spec shapes rather than Rust type names, and a fix where the cause
/// is a known YAML pitfall.
pub(crate) fn explain(
    message: &str,
    location: Option<(usize, usize)>,
    line_text: Option<&str>,
) -> String {
    // The position is carried separately; drop it when it ends the message.
    let mut message = message.to_owned();
    if let Some((line, column)) = location {
        let suffix = format!(" at line {line} column {column}");
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_owned();
        }
    }
    // serde_yaml prefixes its own path (`schemas.X: ...`); ours is separate.
    if let Some((prefix, rest)) = message.split_once(": ") {
        if !prefix.is_empty()
            && !prefix.contains(' ')
            && (prefix.contains('.') || prefix.contains('['))
        {
            message = rest.to_owned();
        }
    }
    if line_text.is_some_and(|line| line.contains('\t'))
        && message.contains("cannot start any token")
    {
        return "a tab character: YAML indentation must use spaces".to_owned();
    }
    if message.contains("unknown field `<<`") {
        return "YAML merge keys (`<<`) are not supported; write the keys out".to_owned();
    }
    if message.contains("recursion limit exceeded") {
        return "the YAML is nested too deeply; define inner objects as named schemas and reference them".to_owned();
    }
    const SHAPES: &[(&str, &str)] = &[
        (
            "struct RawSpecFile",
            "a mapping with `schemas:` and/or `endpoints:`",
        ),
        (
            "struct RawSchema",
            "a schema mapping with `kind:` and `description:`",
        ),
        (
            "struct RawField",
            "a field mapping with `type:` and `description:`",
        ),
        (
            "struct RawVariant",
            "a variant mapping with `description:` and `fields:` or `type:`",
        ),
        (
            "struct RawEndpoint",
            "an endpoint mapping with `method:`, `path:`, `description:` and `response:`",
        ),
        (
            "struct RawPathParam",
            "a path parameter mapping with `description:`",
        ),
        (
            "struct RawEnumValueLong",
            "an enum value mapping with `value:`",
        ),
    ];
    for (internal, shape) in SHAPES {
        message = message.replace(internal, shape);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        message = format!("missing key {rest}");
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        message = format!(
            "unknown key {}",
            rest.replacen(", expected", "; expected", 1)
        );
        if let Some(suggestion) = closest_expected_key(&message) {
            message = format!("{message}; did you mean `{suggestion}`?");
        }
    }
    message
}

/// For "unknown key `requried`; expected one of `type`, `required`, ...",
/// the expected key closest to the unknown one, if it is close.
fn closest_expected_key(message: &str) -> Option<String> {
    let mut quoted = message.split('`').skip(1).step_by(2);
    let unknown = quoted.next()?;
    quoted
        .map(|candidate| (crate::resolve::edit_distance(unknown, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(text: &str) -> String {
        let source = SpecSource::new("spec/x.yaml", text);
        match parse(&source) {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(diagnostics) => diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn deep_nesting_is_a_clean_error() {
        let message = parse_error(&format!("schemas:\n  {}x\n", "- ".repeat(5000)));
        assert!(message.contains("nested more than 128 levels"), "{message}");
        let message = parse_error(&format!("schemas: {}", "[".repeat(400_000)));
        assert!(message.contains("nested more than 128 levels"), "{message}");
    }

    #[test]
    fn aliases_are_refused_before_expansion() {
        let big = "x".repeat(1 << 20);
        let aliases = "  - *big\n".repeat(300);
        let message = parse_error(&format!("a: &big {big}\nb:\n{aliases}"));
        assert!(
            message.starts_with("spec/x.yaml:1:9: error: YAML anchors, aliases"),
            "{message}"
        );
    }

    #[test]
    fn bidi_controls_are_refused_with_their_position() {
        let message = parse_error("schemas:\n  A:\n    description: ab\u{202E}cd\n");
        assert!(
            message.starts_with("spec/x.yaml:3:20: error: a bidirectional"),
            "{message}"
        );
    }
}
