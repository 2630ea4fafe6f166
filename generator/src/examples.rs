//! Step 2b: the documented JSON examples. Each lives in
//! `spec/examples/<module>/<name>.json` and is listed by its endpoint
//! (`examples: {request: [...], response: [...]}`); here each is read,
//! checked, and attached to its endpoint for the OpenAPI export.
//!
//! The check is what makes "always present" trustworthy: every member the
//! model makes a plain (non-`Option`) field must be in every example of
//! that type, at any depth. A member some documented example omits cannot
//! be always present, and the spec must say otherwise.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{shorten, Diagnostic};
use crate::load::{link_refused, read_sorted, ParsedFile, SpecSource};
use crate::model::{ApiModel, Example, ExampleRole, ResolvedSchema, TypeRef};

/// The folder of `spec/` that holds the examples.
pub const EXAMPLES_DIR: &str = "examples";

/// The largest example file read; documented examples are a few KiB.
const MAX_EXAMPLE_BYTES: usize = 256 * 1024;

/// Whether `path` is an example file (`…/examples/<module>/<name>.json`)
/// rather than a spec file.
pub fn is_example(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "json")
        && path
            .parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .is_some_and(|dir| dir == EXAMPLES_DIR)
}

/// Reads every example the spec files list into `model`, reporting missing
/// or unreadable files and members an example lacks.
pub fn attach(
    files: &[ParsedFile],
    sources: &[&SpecSource],
    model: &mut ApiModel,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut not_yet_listed: BTreeMap<(String, String), &SpecSource> = sources
        .iter()
        .filter_map(|source| Some((module_and_name(&source.path)?, *source)))
        .collect();
    let mut attached: HashMap<(String, String), Vec<Example>> = HashMap::new();
    // Everything is read from the model first; it is changed only at the end.
    let schemas = model.schemas_by_name();
    let endpoint_types: HashMap<(&str, &str), (&TypeRef, Option<&str>)> = model
        .modules
        .iter()
        .flat_map(|module| {
            module.endpoints.iter().map(|endpoint| {
                let params = endpoint.params.as_ref().map(|(name, _)| name.as_str());
                (
                    (module.name.as_str(), endpoint.name.as_str()),
                    (&endpoint.response, params),
                )
            })
        })
        .collect();

    for file in files {
        for (endpoint_name, endpoint) in &file.raw.endpoints {
            let Some(listed) = &endpoint.examples else {
                continue;
            };
            let key = (file.stem.clone(), endpoint_name.clone());
            let Some(&(response, params)) =
                endpoint_types.get(&(file.stem.as_str(), endpoint_name.as_str()))
            else {
                continue;
            };
            for (role, names) in [
                (ExampleRole::Request, &listed.request),
                (ExampleRole::Response, &listed.response),
            ] {
                let role_key = match role {
                    ExampleRole::Request => "request",
                    ExampleRole::Response => "response",
                };
                for (index, name) in names.iter().enumerate() {
                    let spec_path =
                        format!("endpoints.{endpoint_name}.examples.{role_key}[{index}]");
                    let mut error = |message: String| {
                        diagnostics.push(Diagnostic {
                            file: file.path.clone(),
                            spec_path: shorten(&spec_path),
                            location: file.lines.find(&spec_path),
                            message: shorten(&message),
                        })
                    };
                    let Some(source) = not_yet_listed.remove(&(file.stem.clone(), name.clone()))
                    else {
                        error(format!(
                            "no example file `{EXAMPLES_DIR}/{}/{name}` next to the spec files (or it is listed twice); add the JSON the page shows there, or remove it from the list",
                            file.stem
                        ));
                        continue;
                    };
                    let value = match parse(source) {
                        Ok(value) => value,
                        Err(diagnostic) => {
                            diagnostics.push(diagnostic);
                            continue;
                        }
                    };
                    let ty = match (role, params) {
                        (ExampleRole::Response, _) => Some(response.clone()),
                        (ExampleRole::Request, Some(params)) => {
                            Some(TypeRef::Named(params.to_owned(), None))
                        }
                        (ExampleRole::Request, None) => {
                            error(
                                "the endpoint takes no parameters, so it has no request example"
                                    .to_owned(),
                            );
                            None
                        }
                    };
                    if let Some(ty) = ty {
                        let mut missing = Vec::new();
                        lacking_members(&schemas, &ty, None, &value, String::new(), &mut missing);
                        let (flag, meaning) = match role {
                            ExampleRole::Request => ("required", "required"),
                            ExampleRole::Response => ("always_present", "always present"),
                        };
                        for (at, schema, member) in missing {
                            let place = if at.is_empty() {
                                "at the top level".to_owned()
                            } else {
                                format!("in `{at}`")
                            };
                            error(format!(
                                "the example `{}` has no `{member}` {place}, but `{schema}` is {meaning}; a member that a documented example leaves out is not {meaning}: drop `{flag}` there, or correct the example",
                                source.path.display(),
                            ));
                        }
                    }
                    let name = name.strip_suffix(".json").unwrap_or(name).to_owned();
                    attached
                        .entry(key.clone())
                        .or_default()
                        .push(Example { name, role, value });
                }
            }
        }
    }
    // A file no endpoint lists is left alone: an endpoint removed from the
    // spec (or not yet added back by `docs-check --fix`) may have one.
    for module in &mut model.modules {
        for endpoint in &mut module.endpoints {
            if let Some(examples) = attached.remove(&(module.name.clone(), endpoint.name.clone())) {
                endpoint.examples = examples;
            }
        }
    }
    diagnostics
}

/// `…/examples/payment_intents/retrieve_response.json` →
/// `("payment_intents", "retrieve_response.json")`.
fn module_and_name(path: &Path) -> Option<(String, String)> {
    let name = path.file_name()?.to_str()?.to_owned();
    let module = path.parent()?.file_name()?.to_str()?.to_owned();
    Some((module, name))
}

fn parse(source: &SpecSource) -> Result<Value, Diagnostic> {
    let error = |location, message: String| Diagnostic {
        file: source.path.clone(),
        spec_path: String::new(),
        location,
        message,
    };
    if source.contents.len() > MAX_EXAMPLE_BYTES {
        return Err(error(
            None,
            format!("the example is larger than {MAX_EXAMPLE_BYTES} bytes; keep the page's example only"),
        ));
    }
    let value: Value = serde_json::from_slice(&source.contents).map_err(|json| {
        error(
            Some((json.line(), json.column())),
            format!("not valid JSON: {json}"),
        )
    })?;
    if !value.is_object() {
        return Err(error(
            None,
            "an example is a JSON object, as the page shows it".to_owned(),
        ));
    }
    Ok(value)
}

/// Collects `(json path, schema, member)` for each plain field of `ty`
/// missing (or null) in `value`, at any depth. Unions, enums and raw
/// objects have no plain fields to check.
fn lacking_members(
    schemas: &HashMap<&str, &ResolvedSchema>,
    ty: &TypeRef,
    param: Option<&TypeRef>,
    value: &Value,
    at: String,
    missing: &mut Vec<(String, String, String)>,
) {
    match (ty, value) {
        (TypeRef::Param(_), _) => {
            if let Some(param) = param {
                lacking_members(schemas, param, None, value, at, missing);
            }
        }
        (TypeRef::Array(item), Value::Array(items)) => {
            for (index, item_value) in items.iter().enumerate() {
                lacking_members(
                    schemas,
                    item,
                    param,
                    item_value,
                    format!("{at}[{index}]"),
                    missing,
                );
            }
        }
        (TypeRef::Map(item), Value::Object(members)) => {
            for (key, member) in members {
                lacking_members(schemas, item, param, member, join(&at, key), missing);
            }
        }
        (TypeRef::Expandable(inner), Value::Object(_)) => {
            lacking_members(schemas, inner, param, value, at, missing);
        }
        (TypeRef::Named(name, argument), Value::Object(members)) => {
            let Some(ResolvedSchema::Object(object)) = schemas.get(name.as_str()).copied() else {
                return;
            };
            let argument = argument.as_deref().or(param);
            for field in &object.fields {
                let member = members
                    .get(&field.wire_name)
                    .filter(|member| !member.is_null());
                match member {
                    None if !field.optional => missing.push((
                        at.clone(),
                        format!("schemas.{name}.fields.{}", field.wire_name),
                        field.wire_name.clone(),
                    )),
                    None => {}
                    Some(member) => lacking_members(
                        schemas,
                        &field.ty,
                        argument,
                        member,
                        join(&at, &field.wire_name),
                        missing,
                    ),
                }
            }
        }
        _ => {}
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// The example files found under `dir/examples/`, each a regular file in a
/// module folder; a symbolic link anywhere is refused, as for spec files.
pub fn read_examples_dir(dir: &Path) -> std::io::Result<Vec<SpecSource>> {
    let root = dir.join(EXAMPLES_DIR);
    let Ok(metadata) = std::fs::symlink_metadata(&root) else {
        return Ok(Vec::new());
    };
    if metadata.file_type().is_symlink() {
        return Err(link_refused(&root));
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    for module in std::fs::read_dir(&root)? {
        let module = module?;
        let kind = module.file_type()?;
        if kind.is_symlink() {
            return Err(link_refused(&module.path()));
        }
        if !kind.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(module.path())? {
            let entry = entry?;
            let path = entry.path();
            let kind = entry.file_type()?;
            if kind.is_symlink() {
                return Err(link_refused(&path));
            }
            if kind.is_file() && path.extension().is_some_and(|ext| ext == "json") {
                paths.push(path);
            }
        }
    }
    read_sorted(paths)
}
