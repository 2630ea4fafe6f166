//! Step 2: validate the raw spec and resolve it into the model.
//!
//! All problems are collected, not just the first, so one run of
//! `cargo xtask codegen` shows a maintainer everything to fix. Inline objects
//! (a field of `type: object`, a union variant with `fields:`) are hoisted into
//! named schemas here, so the emitters only ever see named types.

use std::collections::HashMap;

use crate::diagnostic::{shorten, Diagnostic};
use crate::load::ParsedFile;
use crate::model::*;
use crate::names;
use crate::raw::*;
use crate::typeexpr::{self, TypeExpr};

mod declare;
mod embedded;
mod endpoint;
mod fields;
mod references;
mod schema;
mod types;
mod union;
mod variant_features;

/// Resolves all files together: they share one namespace.
pub fn resolve(files: &[ParsedFile]) -> Result<ApiModel, Vec<Diagnostic>> {
    let mut ctx = Context::default();
    for (index, file) in files.iter().enumerate() {
        ctx.file = index;
        ctx.check_module_name(file, files);
        ctx.diagnostics
            .extend(crate::validate_names::check_file(file));
        for (name, schema) in &file.raw.schemas {
            ctx.declare_schema(file, name, schema);
        }
    }
    let mut modules = Vec::new();
    for (index, file) in files.iter().enumerate() {
        ctx.file = index;
        let mut schemas = Vec::new();
        for (name, schema) in &file.raw.schemas {
            ctx.resolve_schema(file, name, schema, &mut schemas);
        }
        let endpoints = file
            .raw
            .endpoints
            .iter()
            .filter_map(|(name, endpoint)| ctx.resolve_endpoint(file, name, endpoint))
            .collect();
        modules.push(ResolvedModule {
            name: file.stem.clone(),
            file: file.path.display().to_string(),
            schemas,
            endpoints,
        });
    }
    let mut model = ApiModel { modules };
    crate::recursion::box_recursive_fields(&mut model);
    crate::boxed_members::box_optional_objects(&mut model);
    if ctx.diagnostics.is_empty() {
        Ok(model)
    } else {
        Err(ctx.diagnostics)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeclKind {
    Object {
        generic: bool,
    },
    Enum,
    Union,
    Raw,
    /// The id newtype of an object with `id_prefix`.
    IdType,
}

impl DeclKind {
    fn describe(self) -> &'static str {
        match self {
            DeclKind::Object { .. } => "an object",
            DeclKind::Enum => "an enum",
            DeclKind::Union => "a union",
            DeclKind::Raw => "a raw object",
            DeclKind::IdType => "an id type",
        }
    }
}

#[derive(Debug, Clone)]
struct Declaration {
    kind: DeclKind,
    /// `file:line:col (`spec.path`)`, for duplicate-name messages.
    defined_at: String,
    /// The spec file's stem: the module, and cargo feature, the type is in.
    module: String,
}

#[derive(Default)]
struct Context {
    file: usize,
    declarations: HashMap<String, Declaration>,
    /// Enum schemas' values (wire → variant), to check struct-style union tags.
    enum_values: HashMap<String, Vec<(String, String)>>,
    /// Object schemas with `id_prefix` (name → prefix), which `id<...>` and
    /// `expandable<...>` may name.
    with_id: HashMap<String, String>,
    diagnostics: Vec<Diagnostic>,
}

impl Context {
    pub(super) fn error(&mut self, file: &ParsedFile, spec_path: &str, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic {
            file: file.path.clone(),
            spec_path: shorten(spec_path),
            location: file.lines.find(spec_path),
            message: shorten(&message.into()),
        });
    }

    fn check_module_name(&mut self, file: &ParsedFile, files: &[ParsedFile]) {
        if names::is_keyword(&file.stem) {
            self.error(file, "", format!("the file name `{}` is a Rust keyword and cannot name a module; rename the file", file.stem));
        } else if names::field_name(&file.stem).as_deref() != Some(file.stem.as_str()) {
            self.error(
                file,
                "",
                format!(
                    "the file name `{}` must be a snake_case Rust module name such as `setup_intents.yaml`",
                    file.stem
                ),
            );
        }
        if crate::features::BLOCK_FEATURES.contains(&file.stem.as_str()) {
            self.error(
                file,
                "",
                format!("the file name `{}` would also name the resource's cargo feature, and the crate's manifest already has a feature `{}`; rename the file", file.stem, file.stem),
            );
        }
        let first = files.iter().position(|other| other.stem == file.stem);
        if first != Some(self.file) {
            self.error(
                file,
                "",
                format!("another spec file is also named `{}`", file.stem),
            );
        }
    }

    // ---- pass 2: resolve ----

    pub(super) fn docs(
        &mut self,
        file: &ParsedFile,
        spec_path: &str,
        description: &str,
        source: Option<&str>,
        note: Option<&str>,
    ) -> Docs {
        if description.trim().is_empty() {
            self.error(
                file,
                &format!("{spec_path}.description"),
                "the description is empty; say what this is in a few words",
            );
        }
        let source = source.and_then(|text| match parse_provenance(text) {
            Some(provenance) => Some(provenance),
            None => {
                self.error(
                    file,
                    &format!("{spec_path}.source"),
                    format!("`source` must start with `read:`, `example:` or `inferred:`, found `{text}`"),
                );
                None
            }
        });
        Docs {
            description: description.trim().to_owned(),
            source,
            note: note.map(|note| note.trim().to_owned()),
        }
    }

    /// Reports keys that the schema's kind does not use.
    /// Reports every kind-specific key that `schema` sets but a schema of
    /// `kind` does not take (`allowed`).
    pub(super) fn reject_keys(
        &mut self,
        file: &ParsedFile,
        path: &str,
        kind: &str,
        schema: &RawSchema,
        allowed: &[&str],
    ) {
        for (key, present) in schema.kind_keys() {
            if present && !allowed.contains(&key) {
                self.error(
                    file,
                    &format!("{path}.{key}"),
                    format!("`{key}` is not allowed on a schema of kind `{kind}`"),
                );
            }
        }
    }
}

/// Built-in type names, for suggestions.
const BUILTIN_TYPES: &[&str] = &[
    "string",
    "boolean",
    "int32",
    "int64",
    "timestamp",
    "float64",
    "json",
    "object",
    "array",
    "map",
    "expandable",
    "id",
];

/// Names the generated crate defines itself; a schema may not take them.
fn is_builtin_name(name: &str) -> bool {
    crate::validate_names::is_reserved_type_name(name)
}

fn inline_object_name(parent: &str, wire: &str, field: &RawField) -> Option<String> {
    match &field.name {
        Some(name) => Some(name.clone()),
        None => names::nested_type_name(parent, wire),
    }
}

fn parse_provenance(text: &str) -> Option<Provenance> {
    let (kind, detail) = text.split_once(':')?;
    let detail = detail.trim().to_owned();
    match kind.trim() {
        "read" => Some(Provenance::Read(detail)),
        "example" => Some(Provenance::Example(detail)),
        "inferred" => Some(Provenance::Inferred(detail)),
        _ => None,
    }
}

/// The `{name}` placeholders of a path, in order.
fn path_placeholders(path: &str) -> Result<Vec<String>, String> {
    if !path.starts_with('/') {
        return Err(format!("the path `{path}` must start with `/`"));
    }
    let mut placeholders = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!(
                "the path `{path}` has a `}}` without a matching `{{`"
            ));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("the path `{path}` has a `{{` without a matching `}}`"))?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "the path placeholder `{{{name}}}` must be a plain name such as `{{id}}`"
            ));
        }
        if placeholders.iter().any(|p| p == name) {
            return Err(format!("the path placeholder `{{{name}}}` appears twice"));
        }
        placeholders.push(name.to_owned());
        rest = &after[close + 1..];
    }
    Ok(placeholders)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        assert_eq!(path_placeholders("/v1/a/{id}/b").unwrap(), vec!["id"]);
        assert!(path_placeholders("/v1/a/{id").is_err());
        assert!(path_placeholders("v1").is_err());
        assert!(path_placeholders("/v1/{id}/{id}").is_err());
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("strnig", "string"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
