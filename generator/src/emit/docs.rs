//! Doc comments from spec descriptions, with provenance made visible.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Docs, Provenance};

/// `#[doc]` attributes for an item: the description, then a flag for facts
/// WooshPay does not document, then any transcriber's note.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let mut paragraphs = vec![docs.description.clone()];
    if let Some(Provenance::Inferred(detail)) = &docs.source {
        paragraphs.push(format!("*Inferred, not documented by WooshPay:* {detail}"));
    }
    if let Some(note) = docs
        .note
        .as_deref()
        .map(strip_docs_check_markers)
        .map(|note| strip_discrepancy_codes(&note))
    {
        if !note.is_empty() {
            paragraphs.push(format!("*Note:* {note}"));
        }
    }
    doc_lines(&paragraphs.join("\n\n"))
}

/// Removes `docs-check: <kind>` and `docs-check: <kind> in "<page>"`
/// markers: they tell `cargo xtask docs-check` a difference is known, and
/// mean nothing to a reader of the API docs.
fn strip_docs_check_markers(note: &str) -> String {
    let mut out = String::new();
    let mut rest = note;
    while let Some(start) = rest.find("docs-check:") {
        out.push_str(&rest[..start]);
        let after = rest[start + "docs-check:".len()..].trim_start();
        let kind_end = after
            .find(|c: char| c.is_whitespace() || c == '.' || c == ';')
            .unwrap_or(after.len());
        let mut tail = &after[kind_end..];
        if let Some(scoped) = tail.strip_prefix(" in \"") {
            tail = scoped.find('"').map_or("", |close| &scoped[close + 1..]);
        }
        rest = tail.trim_start_matches(['.', ';']);
    }
    out.push_str(rest);
    out.trim().to_owned()
}

/// Removes the transcribers' discrepancy codes (`D16: ` before a sentence,
/// `(D16)`): they point into the facts files, which crate users never see.
fn strip_discrepancy_codes(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    let mut capitalize = false;
    for word in note.split_inclusive(' ') {
        let bare = word.trim_end();
        let code = bare
            .trim_start_matches('(')
            .trim_end_matches([':', ',', ')', '.', ';']);
        let is_code = code.len() > 1
            && code.starts_with('D')
            && code[1..].bytes().all(|b| b.is_ascii_digit());
        if is_code {
            // A code that opened a sentence leaves its first word to capitalize.
            capitalize = bare.ends_with(':') && (out.is_empty() || out.trim_end().ends_with('.'));
            continue;
        }
        if capitalize {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
            capitalize = false;
        } else {
            out.push_str(word);
        }
    }
    out.trim().to_owned()
}

/// `#[doc]` attributes for text the generator wrote itself (code examples),
/// which must reach rustdoc unchanged.
pub fn doc_code_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#[doc]` attributes for free text.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = sanitize(text);
    let lines = lines.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Keeps spec prose from being read as rustdoc markup: brackets would become
/// (broken) intra-doc links, angle brackets HTML tags, bare URLs warnings.
fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for word in split_keep_spaces(text) {
        if !in_code && (word.starts_with("https://") || word.starts_with("http://")) {
            let url = word.trim_end_matches(|c: char| c.is_whitespace() || ".,;:)".contains(c));
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(&word[url.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '`' => {
                    in_code = !in_code;
                    out.push(c);
                }
                '[' | ']' | '<' | '>' if !in_code => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

fn split_keep_spaces(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_outside_code() {
        assert_eq!(sanitize("a [b] <c> `d<e>`"), "a \\[b\\] \\<c\\> `d<e>`");
        assert_eq!(sanitize("see https://x.y/z now"), "see <https://x.y/z> now");
    }

    #[test]
    fn strips_discrepancy_codes() {
        assert_eq!(
            strip_discrepancy_codes("D17: the path has a list segment. D16: a body on GET."),
            "The path has a list segment. A body on GET."
        );
        assert_eq!(
            strip_discrepancy_codes("kept as is (D6) here"),
            "kept as is here"
        );
        assert_eq!(
            strip_discrepancy_codes("Dear D, no code"),
            "Dear D, no code"
        );
    }

    #[test]
    fn strips_docs_check_markers() {
        assert_eq!(
            strip_docs_check_markers(
                "D2: only here. docs-check: not-on-page in \"Retrieve a SetupIntent\""
            ),
            "D2: only here."
        );
        assert_eq!(strip_docs_check_markers("docs-check: type. Kept."), "Kept.");
        assert_eq!(strip_docs_check_markers("plain"), "plain");
    }
}
