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
use super::draft::{self, DraftContext, DraftField};
use super::page::Page;
use super::yaml_edit::{quote, SpecText};
use super::{CheckError, Difference, FixHint, PageReport};
use crate::model::ApiModel;
use crate::SpecSource;

mod endpoint;

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
    // The documented examples are read, never edited.
    let (examples, sources): (Vec<&SpecSource>, Vec<&SpecSource>) = sources
        .iter()
        .partition(|source| crate::examples::is_example(&source.path));
    let examples: Vec<SpecSource> = examples.into_iter().cloned().collect();
    let mut files: Vec<SpecFile> = sources
        .into_iter()
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
    let mut model = build(&files, &examples).map_err(|error| {
        FixError(format!(
            "{error}\nerror: the spec must be valid before --fix"
        ))
    })?;
    let mut left_alone: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut fixer = Fixer {
            files: &mut files,
            examples: &examples,
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
        model = build(&files, &examples).map_err(|error| FixError(format!("bug: {error}")))?;
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

fn build(files: &[SpecFile], examples: &[SpecSource]) -> Result<ApiModel, String> {
    let sources: Vec<SpecSource> = files
        .iter()
        .map(|file| SpecSource::new(file.path.clone(), file.spec.text.clone()))
        .chain(examples.iter().cloned())
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
    examples: &'a [SpecSource],
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
                let added = self.edit(file, &summary, |spec| {
                    add_enums(spec, &draft::new_enums(&draft), &context.source(true))?;
                    spec.insert_entry(&fields, &draft::render_field(name, &draft))
                });
                // The example check's refusal names the member's spec path.
                let an_example_lacks_it = added.as_ref().is_err_and(|error| {
                    error.contains(&format!("but `schemas.{owner}.fields.{name}` is "))
                });
                if an_example_lacks_it && draft.required && context.response {
                    // A response member is plain only when every documented
                    // example has it; one that an example leaves out stays
                    // optional whatever the field list says. Any other
                    // refusal is reported as it is.
                    let optional = DraftField {
                        required: false,
                        note: Some(
                            "REVIEW: the page flags it required, but a documented example leaves it out, so it is optional."
                                .to_owned(),
                        ),
                        ..draft.clone()
                    };
                    return self.edit(file, &summary, |spec| {
                        add_enums(spec, &draft::new_enums(&optional), &context.source(true))?;
                        spec.insert_entry(&fields, &draft::render_field(name, &optional))
                    });
                }
                added
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
        if let Err(error) = build(self.files, self.examples) {
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
