//! Drafting spec YAML for what a page shows and the spec lacks: a field's
//! type expression, flags, provenance and a description marked for review.
//!
//! The type follows the page and the spec's own conventions, never a
//! guess from a field's name alone:
//!
//! | the page shows | drafted type |
//! |---|---|
//! | a named schema (`object (Next Action)`, an OpenAPI `$ref`) the spec has | that schema |
//! | `string` with listed values (`one of a, b`, an OpenAPI `enum`) | the spec enum with exactly those values, else a new enum |
//! | `string` id of an object with a typed id: the one an `[EXPANDABLE]` description names, else the one named like the field | `expandable<T>` in responses, `id<T>` in requests (inferred, as the spec's sibling fields) |
//! | `object`, and the spec has an object or union named like the field | that schema (inferred) |
//! | `integer` described as Unix time | `timestamp` |
//! | `integer` (`format: int32` gives `int32`), `number`, `boolean` | `int64`, `float64`, `boolean` |
//! | `object` with members | an inline object, members drafted the same way |
//! | `object` without members | `json` (`map<json>` / `map<string>` for `metadata`) |
//! | `array[T]` | `array<T>`; elements with members become `array<json>` with a note |

use super::page::{one_of_values, PageType};
use super::tree::PageNode;
use super::yaml_edit::{key, quote};
use crate::model::{ApiModel, ResolvedSchema};

/// Where a draft is written and what the page is.
pub struct DraftContext<'a> {
    pub model: &'a ApiModel,
    /// The page's title, e.g. `Retrieve a SetupIntent`.
    pub title: &'a str,
    pub address: Option<&'a str>,
    /// Drafting a response member (expandables) rather than a request one.
    pub response: bool,
}

/// A new enum schema a draft needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEnum {
    pub name: String,
    pub values: Vec<String>,
}

/// A drafted field, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftField {
    /// A type expression, or `object` with `fields`.
    pub ty: String,
    pub required: bool,
    pub source: String,
    pub note: Option<String>,
    pub fields: Vec<(String, DraftField)>,
    pub new_enums: Vec<NewEnum>,
}

/// The description every drafted item gets until a maintainer writes one.
pub fn review_description(what: &str) -> String {
    format!("REVIEW: describe {what} in our own words (drafted by docs-check --fix).")
}

impl DraftContext<'_> {
    /// `read: Title (address)` or, for a fact seen only in an example,
    /// `example: Title (address)`.
    pub fn source(&self, from_list: bool) -> String {
        let kind = if from_list { "read" } else { "example" };
        let whence = match (self.address, from_list, self.response) {
            (Some(address), _, _) => address,
            (None, true, _) => "field list",
            (None, false, true) => "response example",
            (None, false, false) => "request example",
        };
        format!("{kind}: {} ({whence})", self.title)
    }

    fn schema(&self, name: &str) -> Option<&ResolvedSchema> {
        self.model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .find(|schema| schema.name() == name)
    }

    /// The enum schema whose values are exactly `values`, in any order.
    fn enum_with_values(&self, values: &[String]) -> Option<String> {
        let mut wanted: Vec<&str> = values.iter().map(String::as_str).collect();
        wanted.sort_unstable();
        wanted.dedup();
        self.model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .find_map(|schema| match schema {
                ResolvedSchema::Enum(enumeration) => {
                    let mut known: Vec<&str> = enumeration
                        .values
                        .iter()
                        .map(|value| value.wire.as_str())
                        .collect();
                    known.sort_unstable();
                    (known == wanted).then(|| enumeration.name.clone())
                }
                _ => None,
            })
    }

    /// The object with a typed id that a string field holds the id of: the
    /// one named like the field (`customer`), else one an `[EXPANDABLE]`
    /// description names (`The most recent SetupAttempt`).
    fn id_target(&self, name: &str, description: Option<&str>) -> Option<String> {
        let with_id = |schema: &str| matches!(self.schema(schema), Some(ResolvedSchema::Object(object)) if object.id_prefix.is_some());
        if let Some(target) = crate::names::variant_name(name).filter(|target| with_id(target)) {
            return Some(target);
        }
        let description = description.filter(|text| text.contains("[EXPANDABLE]"))?;
        description
            .split(|c: char| !c.is_ascii_alphanumeric())
            .find(|word| word.starts_with(|c: char| c.is_ascii_uppercase()) && with_id(word))
            .map(str::to_owned)
    }

    /// The object or union schema named like the field
    /// (`last_setup_error` → `LastSetupError`).
    fn object_named_like(&self, name: &str) -> Option<String> {
        let target = crate::names::variant_name(name)?;
        matches!(
            self.schema(&target),
            Some(ResolvedSchema::Object(_) | ResolvedSchema::Union(_))
        )
        .then_some(target)
    }

    /// Drafts member `name` of the schema `owner` as `node` shows it.
    pub fn field(&self, owner: &str, name: &str, node: &PageNode) -> DraftField {
        let listed = node.listed.as_ref();
        let mut draft = DraftField {
            ty: String::new(),
            required: listed.is_some_and(|listed| listed.required),
            source: self.source(listed.is_some()),
            note: None,
            fields: Vec::new(),
            new_enums: Vec::new(),
        };
        let page_type = listed
            .map(|listed| listed.ty.clone())
            .or_else(|| node.example.clone())
            .unwrap_or(PageType::Object);
        let nested_name =
            crate::names::nested_type_name(owner, name).unwrap_or_else(|| format!("{owner}Member"));
        match self.type_of(&nested_name, name, node, &page_type, &mut draft) {
            Drafted::Type(ty) => draft.ty = ty,
            Drafted::Inline => {
                draft.ty = "object".to_owned();
                draft.fields = node
                    .children
                    .iter()
                    .map(|(child, child_node)| {
                        let child_draft = self.field(&nested_name, child, child_node);
                        (child.clone(), child_draft)
                    })
                    .collect();
            }
        }
        draft
    }

    fn type_of(
        &self,
        nested_name: &str,
        name: &str,
        node: &PageNode,
        page_type: &PageType,
        draft: &mut DraftField,
    ) -> Drafted {
        let listed = node.listed.as_ref();
        let named = listed
            .and_then(|listed| listed.schema.as_deref())
            .filter(|schema| self.schema(schema).is_some());
        match page_type {
            PageType::Object | PageType::String if named.is_some() => {
                Drafted::Type(named.unwrap_or_default().to_owned())
            }
            PageType::String => {
                let mut values = listed.map_or_else(Vec::new, |listed| {
                    let mut values = listed.values.clone();
                    for value in one_of_values(&listed.description) {
                        if !values.contains(&value) {
                            values.push(value);
                        }
                    }
                    values
                });
                values.dedup();
                if !values.is_empty() {
                    if let Some(existing) = self.enum_with_values(&values) {
                        return Drafted::Type(existing);
                    }
                    if self.schema(nested_name).is_none() {
                        draft.new_enums.push(NewEnum {
                            name: nested_name.to_owned(),
                            values,
                        });
                        return Drafted::Type(nested_name.to_owned());
                    }
                    draft.note = Some(format!(
                        "REVIEW: the page lists the values {}; no enum was drafted because `{nested_name}` is taken.",
                        values.join(", ")
                    ));
                    return Drafted::Type("string".to_owned());
                }
                match self.id_target(name, listed.map(|listed| listed.description.as_str())) {
                    Some(target) => {
                        let ty = if self.response {
                            format!("expandable<{target}>")
                        } else {
                            format!("id<{target}>")
                        };
                        draft.source = format!(
                            "inferred: a string id on {}, typed as the spec's other fields holding a `{target}` id",
                            self.title
                        );
                        Drafted::Type(ty)
                    }
                    None => Drafted::Type("string".to_owned()),
                }
            }
            PageType::Integer => {
                let format = listed.and_then(|listed| listed.format.as_deref());
                let description = listed.map_or(String::new(), |listed| {
                    listed.description.to_ascii_lowercase()
                });
                let ty = if description.contains("unix") {
                    "timestamp"
                } else if format == Some("int32") {
                    "int32"
                } else {
                    "int64"
                };
                Drafted::Type(ty.to_owned())
            }
            PageType::Number => Drafted::Type("float64".to_owned()),
            PageType::Boolean => Drafted::Type("boolean".to_owned()),
            PageType::Null => {
                draft.note = Some("REVIEW: the page only shows `null` here.".to_owned());
                Drafted::Type("json".to_owned())
            }
            PageType::Object if self.object_named_like(name).is_some() => {
                let target = self.object_named_like(name).unwrap_or_default();
                draft.source = format!(
                    "inferred: an object on {}, typed with the spec's schema of the same name",
                    self.title
                );
                Drafted::Type(target)
            }
            PageType::Object if !node.children.is_empty() => Drafted::Inline,
            PageType::Object if name == "metadata" => Drafted::Type(
                if self.response {
                    "map<json>"
                } else {
                    "map<string>"
                }
                .to_owned(),
            ),
            PageType::Object => Drafted::Type("json".to_owned()),
            PageType::Array(item) => {
                let item_node = node.items.as_deref().cloned().unwrap_or_default();
                let item_type = item
                    .as_deref()
                    .cloned()
                    .or_else(|| item_node.example.clone());
                let Some(item_type) = item_type else {
                    return Drafted::Type("array<json>".to_owned());
                };
                let item_node = PageNode {
                    listed: node.listed.clone().map(|mut listed| {
                        listed.ty = item_type.clone();
                        listed.required = false;
                        listed
                    }),
                    ..item_node
                };
                match self.type_of(nested_name, name, &item_node, &item_type, draft) {
                    Drafted::Type(ty) => Drafted::Type(format!("array<{ty}>")),
                    Drafted::Inline => {
                        draft.note = Some("REVIEW: the elements are objects whose members the page shows; they are kept as raw JSON until a schema is written for them.".to_owned());
                        Drafted::Type("array<json>".to_owned())
                    }
                }
            }
        }
    }
}

enum Drafted {
    Type(String),
    /// An inline object with the node's children as fields.
    Inline,
}

/// The YAML of a drafted field `name`, at column 0.
pub fn render_field(name: &str, draft: &DraftField) -> String {
    let mut text = format!("{}:\n  type: {}\n", key(name), draft.ty);
    if draft.required {
        text.push_str("  required: true\n");
    }
    let what = format!("`{name}`");
    text.push_str(&format!(
        "  description: {}\n",
        quote(&review_description(&what))
    ));
    text.push_str(&format!("  source: {}\n", quote(&draft.source)));
    if let Some(note) = &draft.note {
        text.push_str(&format!("  note: {}\n", quote(note)));
    }
    if draft.ty == "object" {
        if draft.fields.is_empty() {
            text.push_str("  fields: {}\n");
        } else {
            text.push_str("  fields:\n");
            for (child, child_draft) in &draft.fields {
                for line in render_field(child, child_draft).lines() {
                    text.push_str(&format!("    {line}\n"));
                }
            }
        }
    }
    text
}

/// Every enum a draft and its members need.
pub fn new_enums(draft: &DraftField) -> Vec<NewEnum> {
    let mut enums = draft.new_enums.clone();
    for (_, child) in &draft.fields {
        enums.extend(new_enums(child));
    }
    enums
}

/// The YAML of a new enum schema, at column 0.
pub fn render_enum(new_enum: &NewEnum, source: &str) -> String {
    let mut text = format!(
        "{}:\n  kind: enum\n  description: {}\n  source: {}\n  values:\n",
        new_enum.name,
        quote(&review_description(&format!("`{}`", new_enum.name))),
        quote(source)
    );
    for value in &new_enum.values {
        text.push_str(&format!("    - {}\n", enum_value(value)));
    }
    text
}

/// An enum value as a sequence item: plain when YAML reads it back as the
/// same string, else quoted.
pub fn enum_value(value: &str) -> String {
    let plain = value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        value.to_owned()
    } else {
        quote(value)
    }
}
