//! Two flattened surfaces in, classified changes out. The rules are listed
//! in the module documentation of [`super`]; this file applies them.

use std::collections::{HashMap, HashSet};

use super::surface::{Attr, Item, ItemKind, Value};

/// What a change means for users of the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Code or behaviour users rely on stops working: a major version bump.
    Breaking,
    /// Something new; existing code keeps working: a minor version bump.
    Additive,
    /// Only the generated documentation changes.
    Documentation,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Additive => "additive",
            Severity::Documentation => "documentation only",
        }
    }
}

/// One change to one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub severity: Severity,
    pub kind: ItemKind,
    /// The item's stable path, see [`Item::key`].
    pub key: String,
    /// What changed: `added`, `removed`, or `type: \`string\` -> \`int64\``.
    pub what: String,
    /// Why it has its severity, in terms of the user's code.
    pub why: String,
}

/// Every change from `before` to `after`: changed and added items in the
/// order of `after`, then removed items in the order of `before`, sorted by
/// severity (stable, so spec order holds within a severity). Members of an
/// added or removed schema or endpoint are not listed separately.
pub fn compare(before: &[Item], after: &[Item]) -> Vec<Change> {
    let index = |items: &[Item]| -> HashMap<(ItemKind, String), usize> {
        items
            .iter()
            .enumerate()
            .map(|(position, item)| ((item.kind, item.key.clone()), position))
            .collect()
    };
    let before_index = index(before);
    let after_index = index(after);
    let parent_keys = |items: &[Item], other: &HashMap<(ItemKind, String), usize>| {
        items
            .iter()
            .filter(|item| {
                item.parent.is_none() && !other.contains_key(&(item.kind, item.key.clone()))
            })
            .map(|item| item.key.clone())
            .collect::<HashSet<String>>()
    };
    let added_parents = parent_keys(after, &before_index);
    let removed_parents = parent_keys(before, &after_index);
    let mut changes = Vec::new();
    for item in after {
        match before_index.get(&(item.kind, item.key.clone())) {
            Some(&position) => changed(&before[position], item, &mut changes),
            None if item
                .parent
                .as_ref()
                .is_some_and(|p| added_parents.contains(p)) => {}
            None => {
                let (severity, why) = added(item);
                changes.push(change(severity, item, "added".to_owned(), why));
            }
        }
    }
    for item in before {
        let gone = !after_index.contains_key(&(item.kind, item.key.clone()));
        let parent_gone = item
            .parent
            .as_ref()
            .is_some_and(|p| removed_parents.contains(p));
        if gone && !parent_gone {
            let (severity, why) = removed(item);
            changes.push(change(severity, item, "removed".to_owned(), why));
        }
    }
    changes.sort_by_key(|change| change.severity);
    changes
}

fn change(severity: Severity, item: &Item, what: String, why: String) -> Change {
    Change {
        severity,
        kind: item.kind,
        key: item.key.clone(),
        what,
        why,
    }
}

fn flag(value: &Value) -> bool {
    matches!(value, Value::Flag(true))
}

/// The rule for an item that is new.
fn added(item: &Item) -> (Severity, String) {
    let name = item.rust_name();
    match item.kind {
        ItemKind::Schema => (Severity::Additive, "a new type".to_owned()),
        ItemKind::Field if !flag(item.fact(Attr::Optional)) && item.usage.request => (
            Severity::Breaking,
            format!("a required request field: code building this type must now set `{name}`"),
        ),
        ItemKind::Field if !flag(item.fact(Attr::Optional)) => (
            Severity::Additive,
            format!("a new field `{name}`, always present"),
        ),
        ItemKind::Field => (
            Severity::Additive,
            format!("a new optional field `{name}`"),
        ),
        ItemKind::EnumValue => (
            Severity::Additive,
            format!("a new variant `{name}`; this value decoded as `Unknown` before and now decodes to `{name}`"),
        ),
        ItemKind::Variant => (
            Severity::Additive,
            format!("a new variant `{name}`; objects with this tag were kept as unknown before and now decode to `{name}`"),
        ),
        ItemKind::Endpoint => (Severity::Additive, "a new endpoint function".to_owned()),
        ItemKind::PathParam => (
            Severity::Breaking,
            format!("the endpoint function takes a new argument `{name}`"),
        ),
    }
}

/// The rule for an item that is gone (a rename is a removal plus an addition).
fn removed(item: &Item) -> (Severity, String) {
    let name = item.rust_name();
    let why = match item.kind {
        ItemKind::Schema => "code naming this type stops compiling".to_owned(),
        ItemKind::Field => format!("code reading or setting `{name}` stops compiling"),
        ItemKind::EnumValue => format!(
            "variant `{name}` is gone: matches on it stop compiling and the value now decodes as `Unknown`"
        ),
        ItemKind::Variant => format!(
            "variant `{name}` is gone: code using it stops compiling and objects with this tag are kept as unknown"
        ),
        ItemKind::Endpoint => "code calling this function stops compiling".to_owned(),
        ItemKind::PathParam => format!("the endpoint function loses the argument `{name}`"),
    };
    (Severity::Breaking, why)
}

/// Appends one change per attribute whose value differs.
fn changed(before: &Item, after: &Item, changes: &mut Vec<Change>) {
    for (attr, new) in &after.facts {
        let old = before.fact(*attr);
        if old == new {
            continue;
        }
        if let Some((severity, why)) = classify(before, after, *attr) {
            // Prose is long and already in the diff: name what changed.
            let what = match attr {
                Attr::Description | Attr::Source | Attr::Note => {
                    format!("{} changed", attr.label())
                }
                _ => format!("{}: {old} -> {new}", attr.label()),
            };
            changes.push(change(severity, after, what, why));
        }
    }
}

/// The rule for one attribute that changed on an item present on both
/// sides; `None` when another attribute's change already says it all.
fn classify(before: &Item, after: &Item, attr: Attr) -> Option<(Severity, String)> {
    use Severity::{Additive, Breaking, Documentation};
    let now = flag(after.fact(attr));
    let request = after.usage.request || before.usage.request;
    let kind_changed = before.fact(Attr::SchemaKind) != after.fact(Attr::SchemaKind);
    let rule = match attr {
        // A different kind of schema has different attributes; its kind
        // change is the one line worth reading.
        Attr::Generic
        | Attr::KeepUnknownFields
        | Attr::DerivesDefault
        | Attr::IdPrefix
        | Attr::ObjectName
        | Attr::UnionTag
        | Attr::UnionStyle
        | Attr::TagType
            if kind_changed =>
        {
            return None
        }
        Attr::SchemaKind => (
            Breaking,
            "the Rust type is a different kind of type now".to_owned(),
        ),
        Attr::Module => (
            Documentation,
            "defined in another spec file; still re-exported at the crate root".to_owned(),
        ),
        Attr::Generic => (Breaking, "the type's parameters change".to_owned()),
        Attr::KeepUnknownFields if now => (
            Additive,
            "gains the field `extra`, which keeps members the spec does not list".to_owned(),
        ),
        Attr::KeepUnknownFields => (
            Breaking,
            "loses the field `extra`: members the spec does not list are dropped".to_owned(),
        ),
        Attr::Strict if now => (
            Breaking,
            "a value that does not fit its type now fails the response instead of going to `extra`".to_owned(),
        ),
        Attr::Strict => (
            Additive,
            "a value that does not fit its type is now kept in `extra` instead of failing the response".to_owned(),
        ),
        Attr::DerivesDefault if now => (Additive, "now implements `Default`".to_owned()),
        Attr::DerivesDefault => (
            Breaking,
            "no longer implements `Default`: `..Default::default()` stops compiling".to_owned(),
        ),
        Attr::UnionTag => (
            Breaking,
            "the tag is read from and written to another member".to_owned(),
        ),
        Attr::UnionStyle => (
            Breaking,
            "the Rust type changes between an enum and a struct".to_owned(),
        ),
        Attr::TagType => (Breaking, "the tag field's Rust type changes".to_owned()),
        Attr::RustName => (
            Breaking,
            "the Rust name changes; the wire name does not".to_owned(),
        ),
        Attr::Type => (
            Breaking,
            "the Rust type changes; code using the old type stops compiling".to_owned(),
        ),
        Attr::Optional if !now && request => (
            Breaking,
            "must now be set: no longer an `Option`, and `new` takes it".to_owned(),
        ),
        Attr::Optional if !now => (
            Breaking,
            "now always present: no longer an `Option`".to_owned(),
        ),
        Attr::Optional if request => (
            Breaking,
            "may now be left out: it becomes an `Option`".to_owned(),
        ),
        Attr::Optional => (
            Breaking,
            "may now be absent: it becomes an `Option`, so code must handle `None`".to_owned(),
        ),
        // A nullable field keeps its `Option`; only what must be sent changes.
        Attr::Required if before.fact(Attr::Optional) != after.fact(Attr::Optional) => return None,
        Attr::Required if now && request => (
            Breaking,
            "must now be sent (it stays an `Option` because it may be null)".to_owned(),
        ),
        Attr::Required if request => (Additive, "may now be left out".to_owned()),
        Attr::Required => (Documentation, "the Rust type stays an `Option`".to_owned()),
        Attr::IdPrefix => (
            Breaking,
            "the object's typed id appears or goes, and with it the `id` field's type and the `Object` impl".to_owned(),
        ),
        Attr::ObjectName => (
            Documentation,
            "decoding checks another `object` value; the Rust API is unchanged".to_owned(),
        ),
        Attr::MayBeJsonString if now => (
            Additive,
            "a JSON-encoded string of the value (or `\"\"`) is now accepted too".to_owned(),
        ),
        Attr::MayBeJsonString => (
            Breaking,
            "a JSON-encoded string of the value no longer decodes".to_owned(),
        ),
        Attr::Secret if now => (Additive, "`Debug` output now redacts the value".to_owned()),
        Attr::Secret => (
            Breaking,
            "`Debug` output now shows the value: logs may start holding it".to_owned(),
        ),
        Attr::Boxed => (
            Breaking,
            "the field's Rust type gains or loses a `Box`".to_owned(),
        ),
        Attr::PayloadKey => (
            Breaking,
            "the payload is read from and written to another member".to_owned(),
        ),
        Attr::PayloadField => (Breaking, "the payload's Rust field is renamed".to_owned()),
        Attr::Payload => (Breaking, "the payload's Rust type changes".to_owned()),
        Attr::Feature => match after.fact(attr) {
            Value::Text(feature) => (
                Breaking,
                format!("exists only with the cargo feature `{feature}` now; without it such an object decodes as `Unknown`"),
            ),
            _ => (
                Additive,
                "exists whatever the cargo features now".to_owned(),
            ),
        },
        Attr::Method => (Breaking, "the request uses another HTTP method".to_owned()),
        Attr::Path => (Breaking, "the request goes to another URL".to_owned()),
        Attr::Params => (
            Breaking,
            "the function's parameters argument changes".to_owned(),
        ),
        Attr::ParamsIn => (
            Breaking,
            "parameters are sent elsewhere in the request".to_owned(),
        ),
        Attr::Response => (Breaking, "the function returns another type".to_owned()),
        Attr::Description | Attr::Source | Attr::Note => (
            Documentation,
            "only the generated documentation changes".to_owned(),
        ),
    };
    Some(rule)
}
