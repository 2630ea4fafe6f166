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
    if let Some(note) = &docs.note {
        paragraphs.push(format!("*Note:* {note}"));
    }
    doc_lines(&paragraphs.join("\n\n"))
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
}
