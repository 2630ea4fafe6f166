//! `cargo xtask docs-check --fix`: edit `spec/*.yaml` so that the pages'
//! differences are resolved or, where a tool cannot decide, explained.
//!
//! For every difference no note acknowledges:
//!
//! | difference | edit |
//! |---|---|
//! | `not-in-spec` member of an object | add the field as the page shows it ([`super::draft`]) |
//! | `enum-value` | add the value to the enum |
//! | `type` stated by the field list (an example does not contradict it) | set the field's `type` and `source` |
//! | `required` | set the field's `required` |
//! | the page's endpoint is missing | add the endpoint; its params and response reuse the spec's schemas where they can |
//! | anything else (`not-on-page`, `params-in`, a type only an example shows, members of unions) | append `REVIEW: ... docs-check: <kind> in "<title>"` to the innermost item's `note` |
//!
//! A field, enum or endpoint whose own `source:` is `inferred:` was decided
//! on purpose: it is never edited, and the difference is left for a person.
//! Every edit is surgical ([`super::yaml_edit`]); after each one the whole
//! spec is validated again, and an edit that would make it invalid is
//! replaced by a note. Fixing runs in rounds until a round changes nothing
//! (a new endpoint's params schema is filled in the round after it is
//! added), so running it again is a no-op.

use std::collections::HashMap;
use std::path::PathBuf;

use super::ack;
use super::draft::{self, DraftContext};
use super::page::Page;
use super::yaml_edit::{quote, SpecText};
use super::{compare, CheckError, Difference, FixHint, PageReport};
use crate::model::{ApiModel, ResolvedSchema, TypeRef};
use crate::typeref::spec_syntax;
use crate::SpecSource;

/// At most this many rounds; each adds what the previous one made room for.
const MAX_ROUNDS: usize = 4;

/// What `--fix` did.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// One line per change or decision, e.g.
    /// `spec/setup_intents.yaml:88: added field SetupIntent.flow_directions (array<string>)`.
    pub changes: Vec<String>,
    /// Differences about facts decided on purpose (their own `source:` is
    /// `inferred:`), which `--fix` never edits, one line each.
    pub left_alone: Vec<String>,
    /// The new text of every spec file that changed, by its source path.
    pub files: Vec<(PathBuf, String)>,
    /// Pages that could not be read (they are left out of the fix).
    pub errors: Vec<CheckError>,
}

/// Why fixing could not start.
#[derive(Debug)]
pub struct FixError(pub String);

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One page to fix from: its file name and its pages (an OpenAPI export may
/// hold several).
pub struct PageInput {
    pub file: String,
    pub pages: Vec<Page>,
}

/// Fixes `sources` (the spec files, valid) from `inputs`.
pub fn fix(sources: &[SpecSource], inputs: &[PageInput]) -> Result<FixOutcome, FixError> {
    let mut files: Vec<SpecFile> = sources
        .iter()
        .map(|source| {
            let text = String::from_utf8(source.contents.clone())
                .map_err(|_| FixError(format!("{}: not UTF-8", source.path.display())))?;
            Ok(SpecFile {
                path: source.path.clone(),
                stem: source
                    .path
                    .file_stem()
                    .map(|stem| stem.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                original: text.clone(),
                spec: SpecText::new(text),
            })
        })
        .collect::<Result<_, FixError>>()?;
    let mut outcome = FixOutcome::default();
    let mut model = build(&files).map_err(|error| {
        FixError(format!(
            "{error}\nerror: the spec must be valid before --fix"
        ))
    })?;
    let mut left_alone: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut fixer = Fixer {
            files: &mut files,
            model: &model,
            changes: Vec::new(),
            left_alone: &mut left_alone,
        };
        outcome.errors.clear();
        for input in inputs {
            for page in &input.pages {
                match super::check_parsed(&model, &input.file, page) {
                    Ok(report) => fixer.fix_report(page, &report),
                    Err(CheckError::UnknownEndpoint { .. }) => fixer.add_endpoint(page),
                    Err(error) => outcome.errors.push(error),
                }
            }
        }
        let changes = fixer.changes;
        if changes.is_empty() {
            break;
        }
        outcome.changes.extend(changes);
        model = build(&files).map_err(|error| FixError(format!("bug: {error}")))?;
    }
    outcome.left_alone = left_alone;
    outcome.files = files
        .into_iter()
        .filter(|file| file.spec.text != file.original)
        .map(|file| (file.path, file.spec.text))
        .collect();
    Ok(outcome)
}

struct SpecFile {
    path: PathBuf,
    stem: String,
    original: String,
    spec: SpecText,
}

fn build(files: &[SpecFile]) -> Result<ApiModel, String> {
    let sources: Vec<SpecSource> = files
        .iter()
        .map(|file| SpecSource::new(file.path.clone(), file.spec.text.clone()))
        .collect();
    crate::build_model(&sources).map_err(|diagnostics| diagnostics.to_string())
}

/// Where a schema is written.
#[derive(Debug, Clone)]
struct SchemaPlace {
    file: usize,
    /// The spec path of the schema (or inline object) node.
    path: String,
    kind: &'static str,
}

struct Fixer<'a> {
    files: &'a mut Vec<SpecFile>,
    model: &'a ApiModel,
    changes: Vec<String>,
    left_alone: &'a mut Vec<String>,
}

impl Fixer<'_> {
    /// Every schema's place, inline objects and variant payloads included.
    fn places(&self) -> HashMap<String, SchemaPlace> {
        let mut places = HashMap::new();
        for (file_index, file) in self.files.iter().enumerate() {
            let Some(schemas) = file.spec.value("schemas") else {
                continue;
            };
            let Some(schemas) = schemas.as_mapping() else {
                continue;
            };
            for (name, schema) in schemas {
                let Some(name) = name.as_str() else { continue };
                let path = format!("schemas.{name}");
                let kind = match schema.get("kind").and_then(|kind| kind.as_str()) {
                    Some("object") => "object",
                    Some("union") => "union",
                    Some("enum") => "enum",
                    _ => "raw",
                };
                inline_places(&mut places, file_index, name, &path, schema);
                if let Some(variants) = schema.get("variants").and_then(|v| v.as_mapping()) {
                    for (tag, variant) in variants {
                        let Some(tag) = tag.as_str() else { continue };
                        if variant.get("fields").is_none() {
                            continue;
                        }
                        if let Some(payload) = crate::names::nested_type_name(name, tag) {
                            let variant_path = format!("{path}.variants.{tag}");
                            inline_places(
                                &mut places,
                                file_index,
                                &payload,
                                &variant_path,
                                variant,
                            );
                            places.insert(
                                payload,
                                SchemaPlace {
                                    file: file_index,
                                    path: variant_path,
                                    kind: "object",
                                },
                            );
                        }
                    }
                }
                places.insert(
                    name.to_owned(),
                    SchemaPlace {
                        file: file_index,
                        path,
                        kind,
                    },
                );
            }
        }
        places
    }

    fn file_name(&self, file: usize) -> String {
        self.files[file].path.display().to_string()
    }

    fn fix_report(&mut self, page: &Page, report: &PageReport) {
        for difference in report.unacknowledged() {
            self.fix_difference(page, difference);
        }
    }

    fn fix_difference(&mut self, page: &Page, difference: &Difference) {
        let decided = match &difference.fix {
            Some(hint) => self.apply_hint(page, difference, hint),
            None => Err(undecidable(difference.kind).to_owned()),
        };
        if let Err(reason) = decided {
            self.note(page, difference, &reason);
        }
    }

    /// Applies a hint; `Err` says why it cannot be decided (a note follows).
    fn apply_hint(
        &mut self,
        page: &Page,
        difference: &Difference,
        hint: &FixHint,
    ) -> Result<(), String> {
        let places = self.places();
        let context = DraftContext {
            model: self.model,
            title: &page.title,
            address: page.address.as_deref(),
            response: difference.path.starts_with("response"),
        };
        match hint {
            FixHint::AddMember { owner, name, node } => {
                let place = places
                    .get(owner)
                    .ok_or_else(|| format!("`{owner}` is not found in the spec files"))?;
                if place.kind != "object" {
                    return Err(format!(
                        "`{owner}` is a {} schema: whether `{name}` is a field or a variant needs a person",
                        place.kind
                    ));
                }
                let fields = format!("{}.fields", place.path);
                if self.files[place.file].spec.has(&format!("{fields}.{name}")) {
                    return Ok(()); // added for another page in this round
                }
                let draft = context.field(owner, name, node);
                let summary = format!("added field {owner}.{name} ({})", draft.ty);
                let file = place.file;
                self.edit(file, &summary, |spec| {
                    add_enums(spec, &draft::new_enums(&draft), &context.source(true))?;
                    spec.insert_entry(&fields, &draft::render_field(name, &draft))
                })
            }
            FixHint::SetType { owner, wire, node } => {
                let (file, path) = self.field_path(&places, owner, wire)?;
                self.decided_on_purpose(file, &path)?;
                if self.files[file].spec.has(&format!("{path}.fields")) {
                    return Err("the spec has an inline object here".to_owned());
                }
                let draft = context.field(owner, wire, node);
                if draft.ty == "object" {
                    return Err("the page shows an object with members here".to_owned());
                }
                let summary = format!("set type of {owner}.{wire} to {}", draft.ty);
                self.edit(file, &summary, |spec| {
                    add_enums(spec, &draft::new_enums(&draft), &context.source(true))?;
                    spec.set_value(&format!("{path}.type"), &draft.ty)?;
                    spec.set_value(&format!("{path}.source"), &quote(&draft.source))
                })
            }
            FixHint::SetRequired {
                owner,
                wire,
                required,
            } => {
                let (file, path) = self.field_path(&places, owner, wire)?;
                self.decided_on_purpose(file, &path)?;
                let always = self.files[file]
                    .spec
                    .value(&format!("{path}.always_present"));
                if always.and_then(|value| value.as_bool()) == Some(true) {
                    return Err("the field is `always_present`, a decision of its own".to_owned());
                }
                let summary = format!("set {owner}.{wire} required: {required}");
                self.edit(file, &summary, |spec| {
                    spec.set_value(&format!("{path}.required"), &required.to_string())
                })
            }
            FixHint::AddEnumValue { enumeration, value } => {
                let place = places
                    .get(enumeration)
                    .ok_or_else(|| format!("`{enumeration}` is not found in the spec files"))?;
                self.decided_on_purpose(place.file, &place.path)?;
                let (file, path) = (place.file, format!("{}.values", place.path));
                let summary = format!("added value {enumeration}.{value}");
                self.edit(file, &summary, |spec| {
                    spec.append_item(&path, &draft::enum_value(value))
                })
            }
        }
    }

    /// The file and spec path of field `wire` of `owner`.
    fn field_path(
        &self,
        places: &HashMap<String, SchemaPlace>,
        owner: &str,
        wire: &str,
    ) -> Result<(usize, String), String> {
        let place = places
            .get(owner)
            .ok_or_else(|| format!("`{owner}` is not found in the spec files"))?;
        let path = format!("{}.fields.{wire}", place.path);
        if !self.files[place.file].spec.has(&path) {
            return Err(format!("`{owner}.{wire}` is not a field of the spec"));
        }
        Ok((place.file, path))
    }

    /// `Err` when the item's own `source:` is `inferred:`: it was decided
    /// on purpose and is not edited (nor noted).
    fn decided_on_purpose(&mut self, file: usize, path: &str) -> Result<(), String> {
        let source = self.files[file].spec.string(&format!("{path}.source"));
        match source {
            Some(source) if source.trim_start().starts_with("inferred:") => {
                let line = format!(
                    "{}: left alone: `{path}` was decided on purpose ({source})",
                    self.file_name(file)
                );
                if !self.left_alone.contains(&line) {
                    self.left_alone.push(line);
                }
                Err(String::new())
            }
            _ => Ok(()),
        }
    }

    /// Applies `edit` to file `file`, keeping it only if the spec stays
    /// valid; records `summary` with the line it reports.
    fn edit(
        &mut self,
        file: usize,
        summary: &str,
        edit: impl FnOnce(&mut SpecText) -> Result<usize, String>,
    ) -> Result<(), String> {
        let before = self.files[file].spec.clone();
        let line = edit(&mut self.files[file].spec)?;
        if let Err(error) = build(self.files) {
            self.files[file].spec = before;
            let first = error.lines().next().unwrap_or_default().to_owned();
            return Err(format!("the edit would make the spec invalid: {first}"));
        }
        let name = self.file_name(file);
        self.changes.push(format!("{name}:{line}: {summary}"));
        Ok(())
    }

    /// Appends a `REVIEW: ... docs-check: <kind> in "<title>"` note to the
    /// innermost item above the difference, unless that item was decided
    /// on purpose (the reason is then empty and nothing is written).
    fn note(&mut self, page: &Page, difference: &Difference, reason: &str) {
        if reason.is_empty() {
            return;
        }
        let Some((file, path)) = difference
            .item
            .as_deref()
            .and_then(|item| self.item_path(item))
        else {
            self.changes.push(format!(
                "{}: not fixed: {}: no spec item to note it on",
                difference.path, difference.kind
            ));
            return;
        };
        let note_path = format!("{path}.note");
        let old = self.files[file].spec.string(&note_path);
        if old
            .as_deref()
            .is_some_and(|note| ack::acknowledges(note, difference.kind, &page.title))
        {
            return; // noted for another difference of the same kind
        }
        let addition = format!(
            "REVIEW: at `{}` \"{}\" says {}, the spec {}; {reason}. docs-check: {} in \"{}\"",
            difference.path,
            page.title,
            difference.page,
            difference.spec,
            difference.kind,
            page.title
        );
        let note = match old {
            Some(old) if !old.trim().is_empty() => format!("{} {addition}", old.trim_end()),
            _ => addition,
        };
        let summary = format!("noted {} at {}: {reason}", difference.kind, difference.path);
        if let Err(error) = self.edit(file, &summary, |spec| {
            spec.set_value(&note_path, &quote(&note))
        }) {
            self.changes.push(format!(
                "{}: not fixed: {} at {}: {error}",
                self.file_name(file),
                difference.kind,
                difference.path
            ));
        }
    }

    /// The file and spec path of an item labelled as in
    /// [`Difference::item`]: `Schema`, `Schema.member`, `module.endpoint`,
    /// `module.endpoint.path_params.name`.
    fn item_path(&self, label: &str) -> Option<(usize, String)> {
        let (head, rest) = label.split_once('.').unwrap_or((label, ""));
        if let Some(file) = self.files.iter().position(|file| file.stem == head) {
            return Some((file, format!("endpoints.{rest}")));
        }
        let places = self.places();
        let place = places.get(head)?;
        if rest.is_empty() {
            return Some((place.file, place.path.clone()));
        }
        let spec = &self.files[place.file].spec;
        let candidates = [
            format!("{}.fields.{rest}", place.path),
            format!("{}.variants.{rest}", place.path),
        ];
        let path = candidates
            .into_iter()
            .find(|path| spec.has(path))
            .unwrap_or_else(|| place.path.clone());
        Some((place.file, path))
    }

    /// Adds the endpoint a page documents and the spec lacks.
    fn add_endpoint(&mut self, page: &Page) {
        match self.draft_endpoint(page) {
            Ok((file, name, text, new_params)) => {
                let summary = format!(
                    "added endpoint {}.{name} ({} {})",
                    self.files[file].stem, page.method, page.path
                );
                let result = self.edit(file, &summary, |spec| {
                    if let Some((params, text)) = &new_params {
                        let place = format!("schemas.{params}");
                        if !spec.has(&place) {
                            spec.insert_entry("schemas", text)?;
                        }
                    }
                    spec.insert_entry("endpoints", &text)
                });
                if let Err(error) = result {
                    self.changes
                        .push(format!("not fixed: {} {}: {error}", page.method, page.path));
                }
            }
            Err(error) => self
                .changes
                .push(format!("not fixed: {} {}: {error}", page.method, page.path)),
        }
    }

    /// (file, endpoint name, endpoint YAML, new params schema to add).
    #[allow(clippy::type_complexity)]
    fn draft_endpoint(
        &self,
        page: &Page,
    ) -> Result<(usize, String, String, Option<(String, String)>), String> {
        let (file, name) = self.endpoint_name(page)?;
        let module = &self.files[file].stem;
        let source = DraftContext {
            model: self.model,
            title: &page.title,
            address: page.address.as_deref(),
            response: true,
        }
        .source(true);
        let response = self.response_type(page);
        let mut text = format!(
            "{name}:\n  method: {}\n  path: {}\n  description: {}\n  source: {}\n",
            page.method,
            page.path,
            quote(&draft::review_description("what the endpoint does")),
            quote(&source)
        );
        let placeholders = compare::placeholders(&page.path);
        if !placeholders.is_empty() {
            text.push_str("  path_params:\n");
            for placeholder in &placeholders {
                let ty = self.path_param_type(page, placeholder, &response);
                text.push_str(&format!(
                    "    {}:\n      type: {ty}\n      description: {}\n",
                    super::yaml_edit::key(placeholder),
                    quote(&draft::review_description(&format!("`{placeholder}`")))
                ));
            }
        }
        let mut new_params = None;
        let shown = |section: &super::page::Section| !section.is_empty();
        let location = if shown(&page.body) {
            Some("body")
        } else if shown(&page.query) {
            Some("query")
        } else {
            None
        };
        if let Some(location) = location {
            let section = if location == "body" {
                &page.body
            } else {
                &page.query
            };
            let existing = page
                .params_schema
                .clone()
                .filter(|schema| self.schema(schema).is_some())
                .or_else(|| self.object_with_members(section, &response));
            let params = existing.unwrap_or_else(|| {
                let resource = match &response {
                    TypeRef::Named(name, Some(item)) if name == "List" => spec_syntax(item),
                    other => spec_syntax(other),
                };
                let resource: String = resource
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect();
                let verb = crate::names::variant_name(&name).unwrap_or_default();
                format!("{verb}{resource}Params")
            });
            if self.schema(&params).is_none() {
                let schema = format!(
                    "{params}:\n  kind: object\n  description: {}\n  source: {}\n  fields: {{}}\n",
                    quote(&draft::review_description(&format!(
                        "the parameters of `{module}::{name}`"
                    ))),
                    quote(&source)
                );
                new_params = Some((params.clone(), schema));
            }
            text.push_str(&format!("  params: {params}\n  params_in: {location}\n"));
        }
        text.push_str(&format!("  response: {}\n", spec_syntax(&response)));
        Ok((file, name, text, new_params))
    }

    /// The object schema whose members are exactly the top-level members
    /// the section shows, if the section shows them as a tree or an example.
    fn object_with_members(
        &self,
        section: &super::page::Section,
        response: &TypeRef,
    ) -> Option<String> {
        // Between schemas with the same members, one named after the
        // response's resource (`ListSetupIntentsParams` for a list of
        // `SetupIntent`) is the likelier.
        let resource = match response {
            TypeRef::Named(name, Some(item)) if name == "List" => spec_syntax(item),
            other => spec_syntax(other),
        };
        let mut shown: Vec<&str> = match (&section.tree, &section.example) {
            (Some(tree), _) => tree.children.keys().map(String::as_str).collect(),
            (None, Some(serde_json::Value::Object(example))) => {
                example.keys().map(String::as_str).collect()
            }
            _ => return None,
        };
        shown.sort_unstable();
        let mut matches: Vec<&str> = self
            .model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .filter_map(|schema| match schema {
                ResolvedSchema::Object(object) => {
                    let mut members: Vec<&str> =
                        object.fields.iter().map(|f| f.wire_name.as_str()).collect();
                    members.sort_unstable();
                    (members == shown).then_some(object.name.as_str())
                }
                _ => None,
            })
            .collect();
        matches.sort_by_key(|name| (!name.contains(resource.as_str()), !name.ends_with("Params")));
        matches.first().map(|name| (*name).to_owned())
    }

    fn schema(&self, name: &str) -> Option<&ResolvedSchema> {
        self.model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .find(|schema| schema.name() == name)
    }

    /// The module and name of a new endpoint: from an export's
    /// `<module>_<name>` operation id, else the file whose endpoints share
    /// the longest path prefix and the title's first word (`Retrieve a
    /// charge` → `retrieve`).
    fn endpoint_name(&self, page: &Page) -> Result<(usize, String), String> {
        if let Some(operation) = &page.operation_id {
            for (file, spec) in self.files.iter().enumerate() {
                if let Some(name) = operation
                    .strip_prefix(spec.stem.as_str())
                    .and_then(|rest| rest.strip_prefix('_'))
                {
                    return Ok((file, name.to_owned()));
                }
            }
        }
        let segments = |path: &str| -> Vec<String> { path.split('/').map(str::to_owned).collect() };
        let wanted = segments(&page.path);
        let shared = |path: &str| {
            segments(path)
                .iter()
                .zip(&wanted)
                .take_while(|(a, b)| a == b)
                .count()
        };
        let best = self
            .model
            .modules
            .iter()
            .flat_map(|module| module.endpoints.iter().map(move |e| (module, e)))
            .max_by_key(|(_, endpoint)| shared(&endpoint.path))
            .filter(|(_, endpoint)| shared(&endpoint.path) > 2)
            .map(|(module, _)| module.name.clone())
            .ok_or("no spec file has endpoints under this path; add it by hand")?;
        let file = self
            .files
            .iter()
            .position(|file| file.stem == best)
            .ok_or("the module's file is missing")?;
        let word: String = page
            .title
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Err("the title gives no endpoint name".to_owned());
        }
        let taken =
            self.model.modules.iter().any(|module| {
                module.name == best && module.endpoints.iter().any(|e| e.name == word)
            });
        if taken {
            return Err(format!(
                "`{best}.{word}` exists with another path; name it by hand"
            ));
        }
        Ok((file, word))
    }

    /// The response type: the export's schema, else the schema whose
    /// `object_name` the example's `object` member names, else the response
    /// of an endpoint at the same path, else `json`.
    fn response_type(&self, page: &Page) -> TypeRef {
        if let Some(name) = &page.response_schema {
            if self.schema(name).is_some() {
                return TypeRef::Named(name.clone(), None);
            }
            if let Some(item) = name
                .strip_suffix("List")
                .filter(|item| self.schema(item).is_some())
            {
                return TypeRef::Named(
                    "List".to_owned(),
                    Some(Box::new(TypeRef::Named(item.to_owned(), None))),
                );
            }
        }
        let object = page
            .response
            .example
            .as_ref()
            .and_then(|example| example.get("object"))
            .and_then(|object| object.as_str());
        if let Some(object) = object {
            let named =
                self.model.modules.iter().flat_map(|m| &m.schemas).find_map(
                    |schema| match schema {
                        ResolvedSchema::Object(o) if o.object_name.as_deref() == Some(object) => {
                            Some(o.name.clone())
                        }
                        _ => None,
                    },
                );
            if let Some(name) = named {
                return TypeRef::Named(name, None);
            }
        }
        let shape = compare::path_shape(&page.path);
        self.model
            .modules
            .iter()
            .flat_map(|module| &module.endpoints)
            .find(|endpoint| compare::path_shape(&endpoint.path) == shape)
            .map_or(TypeRef::Json, |endpoint| endpoint.response.clone())
    }

    /// A path parameter's type: as the spec types the same placeholder
    /// after the same path prefix elsewhere; else, for the last
    /// placeholder, the response object's id when it has a typed id; else
    /// `string`.
    fn path_param_type(&self, page: &Page, placeholder: &str, response: &TypeRef) -> String {
        let marker = format!("{{{placeholder}}}");
        let prefix = page.path.split(&marker).next().unwrap_or_default();
        let sibling = self
            .model
            .modules
            .iter()
            .flat_map(|module| &module.endpoints)
            .filter(|endpoint| endpoint.path.starts_with(&format!("{prefix}{{")))
            .find_map(|endpoint| {
                let rest = &endpoint.path[prefix.len() + 1..];
                let name = rest.split('}').next()?;
                endpoint
                    .path_params
                    .iter()
                    .find(|param| param.wire_name == name)
                    .map(|param| spec_syntax(&param.ty))
            });
        if let Some(ty) = sibling {
            return ty;
        }
        let last =
            compare::placeholders(&page.path).last().map(String::as_str) == Some(placeholder);
        if let (true, TypeRef::Named(name, None)) = (last, response) {
            if let Some(ResolvedSchema::Object(object)) = self.schema(name) {
                if object.id_prefix.is_some() {
                    return format!("id<{name}>");
                }
            }
        }
        "string".to_owned()
    }
}

/// Why a difference of `kind` without a fix hint needs a person.
fn undecidable(kind: super::DiffKind) -> &'static str {
    use super::DiffKind;
    match kind {
        DiffKind::NotOnPage => {
            "a member this page does not show may still exist: keep it, or remove it by hand"
        }
        DiffKind::ParamsIn => "where WooshPay reads the parameters needs a person",
        DiffKind::Type => "only an example shows this type, or the member is not a plain field",
        DiffKind::Required => "the flag is not a field's own",
        DiffKind::EnumValue => "the spec types this as a plain string",
        DiffKind::NotInSpec => "there is no object to add it to",
    }
}

/// Records an inline object schema (and those nested in it) of `node`'s
/// `fields`, named as the resolver names them.
fn inline_places(
    places: &mut HashMap<String, SchemaPlace>,
    file: usize,
    parent: &str,
    path: &str,
    node: &serde_yaml::Value,
) {
    let Some(fields) = node.get("fields").and_then(|fields| fields.as_mapping()) else {
        return;
    };
    for (wire, field) in fields {
        let Some(wire) = wire.as_str() else { continue };
        if field.get("type").and_then(|ty| ty.as_str()).map(str::trim) != Some("object") {
            continue;
        }
        let name = match field.get("name").and_then(|name| name.as_str()) {
            Some(name) => Some(name.to_owned()),
            None => crate::names::nested_type_name(parent, wire),
        };
        let Some(name) = name else { continue };
        let field_path = format!("{path}.fields.{wire}");
        inline_places(places, file, &name, &field_path, field);
        places.insert(
            name,
            SchemaPlace {
                file,
                path: field_path,
                kind: "object",
            },
        );
    }
}

/// Adds each new enum schema the spec does not have yet.
fn add_enums(spec: &mut SpecText, enums: &[draft::NewEnum], source: &str) -> Result<usize, String> {
    let mut line = 0;
    for new_enum in enums {
        if !spec.has(&format!("schemas.{}", new_enum.name)) {
            line = spec.insert_entry("schemas", &draft::render_enum(new_enum, source))?;
        }
    }
    Ok(line)
}
