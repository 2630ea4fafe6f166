//! Acknowledging a known difference with a `note:` in the spec.
//!
//! The rule: a difference of kind K at field path P is acknowledged when a
//! note on the spec item at P, or on one of its ancestors, contains
//! `docs-check: K`, optionally followed by ` in "<page title>"` to limit it
//! to one page. The items considered, innermost first, are:
//!
//! 1. the field or union variant at P itself (not for `not-in-spec`, where
//!    the spec has no item at P), and the schema its type names (through
//!    arrays, maps and expandables);
//! 2. the same for every ancestor field or variant of P, up to the section's
//!    root schema (the params object or the response type);
//! 3. for differences about the endpoint itself (`request`, `response`,
//!    `path.*`), the endpoint.
//!
//! For instance `note: "... docs-check: not-on-page in \"Retrieve a SetupIntent\""`
//! on the `pix_handle_redirect` variant of `NextAction` acknowledges that the
//! Retrieve page does not show that member, on that page only.

use super::DiffKind;

/// One spec item whose note may acknowledge a difference below it.
#[derive(Debug, Clone)]
pub struct Scope<'m> {
    /// How the item is named in the output, e.g. `SetupIntent.usage`.
    pub label: String,
    pub note: Option<&'m str>,
}

const MARKER: &str = "docs-check:";

/// The label of the innermost item in `chain` (outermost first) whose note
/// acknowledges `kind` on the page titled `title`.
pub fn acknowledged_by(chain: &[Scope], kind: DiffKind, title: &str) -> Option<String> {
    chain
        .iter()
        .rev()
        .find(|scope| {
            scope
                .note
                .is_some_and(|note| acknowledges(note, kind, title))
        })
        .map(|scope| scope.label.clone())
}

/// Whether `note` holds `docs-check: <kind>` for every page, or
/// `docs-check: <kind> in "<title>"` for this one.
pub fn acknowledges(note: &str, kind: DiffKind, title: &str) -> bool {
    let mut rest = note;
    while let Some(found) = rest.find(MARKER) {
        rest = &rest[found + MARKER.len()..];
        let text = rest.trim_start();
        let word_end = text
            .find(|c: char| !(c.is_ascii_lowercase() || c == '-'))
            .unwrap_or(text.len());
        if &text[..word_end] != kind.as_str() {
            continue;
        }
        let after = text[word_end..].trim_start();
        let scope = after
            .strip_prefix("in \"")
            .and_then(|quoted| quoted.split_once('"'))
            .map(|(page, _)| page);
        match scope {
            None => return true,
            Some(page) if page == title => return true,
            Some(_) => {}
        }
    }
    false
}
