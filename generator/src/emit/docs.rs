//! Doc comments from spec descriptions, with provenance made visible.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Docs, Provenance};

/// `#[doc]` attributes for an item: the description, then a flag for facts
/// WooshPay does not document, then any transcriber's note. Each part is
/// rendered on its own, so a code fence one of them leaves open cannot
/// swallow the next.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let mut paragraphs = vec![render_prose(&docs.description)];
    if let Some(Provenance::Inferred(detail)) = &docs.source {
        paragraphs.push(render_prose(&format!(
            "*Inferred, not documented by WooshPay:* {detail}"
        )));
    }
    if let Some(note) = docs
        .note
        .as_deref()
        .map(strip_docs_check_markers)
        .map(|note| strip_discrepancy_codes(&note))
    {
        if !note.is_empty() {
            paragraphs.push(render_prose(&format!("*Note:* {note}")));
        }
    }
    attrs(&paragraphs.join("\n\n"))
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
    let note = strip_parenthesized_codes(note);
    let mut out = String::with_capacity(note.len());
    let mut capitalize = false;
    for word in note.split_inclusive(' ') {
        let bare = word.trim_end();
        let codes = bare.trim_end_matches([':', ',', '.', ';']);
        let is_code = !codes.is_empty() && codes.split('/').all(is_code);
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

/// `D16`, the shape of a discrepancy code.
fn is_code(word: &str) -> bool {
    word.len() > 1 && word.starts_with('D') && word[1..].bytes().all(|b| b.is_ascii_digit())
}

/// Drops ` (D6)` and ` (D13 of the Setup Intents facts)`: parentheses that
/// open with a code only point into the facts files.
fn strip_parenthesized_codes(note: &str) -> String {
    let mut out = String::with_capacity(note.len());
    let mut rest = note;
    while let Some(open) = rest.find("(D") {
        let inner = &rest[open + 1..];
        let code_len = inner[1..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(inner.len(), |end| end + 1);
        match inner.find(')') {
            Some(close) if code_len > 1 => {
                out.push_str(rest[..open].trim_end());
                rest = &inner[close + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 2]);
                rest = &rest[open + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `#[doc]` attributes for text the generator wrote itself (code examples),
/// which must reach rustdoc unchanged.
pub fn doc_code_lines(text: &str) -> TokenStream {
    attrs(text)
}

/// `#[doc]` attributes for free text.
pub fn doc_lines(text: &str) -> TokenStream {
    attrs(&render_prose(text))
}

/// One `#[doc]` attribute per line of already rendered Markdown.
fn attrs(rendered: &str) -> TokenStream {
    let lines = rendered.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Spec prose as rustdoc Markdown that can never be compiled or run as a
/// doctest: every fenced block is re-labelled `text`, every other line loses
/// its indentation (so no indented code block forms), and a fence that does
/// not start a line (`- ```rust` in a list item) is escaped. A fence left
/// open is closed. Line endings are normalised to `\n` (rustc refuses a bare
/// `\r` in a doc comment) and other control characters become spaces.
fn render_prose(text: &str) -> String {
    let text: String = text
        .replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\r' => '\n',
            '\n' => '\n',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    let mut out = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut in_code = false;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        match fence {
            Some((marker, length)) => {
                if closes_fence(trimmed, marker, length) {
                    out.push(marker.to_string().repeat(length));
                    fence = None;
                } else {
                    // Inside a `text` block nothing is Markdown: keep it as written.
                    out.push(line.trim_end().to_owned());
                }
            }
            None => match opening_fence(trimmed) {
                Some((marker, length)) => {
                    out.push(format!("{}text", marker.to_string().repeat(length)));
                    fence = Some((marker, length));
                    in_code = false;
                }
                None => out.push(sanitize(trimmed.trim_end(), &mut in_code)),
            },
        }
    }
    if let Some((marker, length)) = fence {
        out.push(marker.to_string().repeat(length));
    }
    out.join("\n")
}

/// A line that opens a fenced code block: three or more backticks or tildes.
fn opening_fence(line: &str) -> Option<(char, usize)> {
    let marker = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let length = line.chars().take_while(|c| *c == marker).count();
    (length >= 3).then_some((marker, length))
}

/// Whether `line` (indentation removed) closes a fence of `length` `marker`s.
/// This accepts any indentation, more than CommonMark does; the closing line
/// is then emitted unindented, so rustdoc closes the block at the same line.
fn closes_fence(line: &str, marker: char, length: usize) -> bool {
    let run = line.chars().take_while(|c| *c == marker).count();
    run >= length && line[run * marker.len_utf8()..].trim().is_empty()
}

/// Keeps a prose line from being read as rustdoc markup: brackets would
/// become (broken) intra-doc links, angle brackets HTML tags, bare URLs
/// warnings, and three backticks or tildes inside the line a code fence.
/// `in_code` tracks inline code spans, which may continue across lines.
fn sanitize(line: &str, in_code: &mut bool) -> String {
    let mut out = String::with_capacity(line.len());
    for word in split_keep_spaces(line) {
        if !*in_code && (word.starts_with("https://") || word.starts_with("http://")) {
            let url = word.trim_end_matches(|c: char| c.is_whitespace() || ".,;:)".contains(c));
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(&word[url.len()..]);
            continue;
        }
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '`' | '~' => {
                    let mut run = 1;
                    while chars.next_if_eq(&c).is_some() {
                        run += 1;
                    }
                    if run >= 3 {
                        for _ in 0..run {
                            out.push('\\');
                            out.push(c);
                        }
                    } else {
                        if c == '`' {
                            *in_code = !*in_code;
                        }
                        out.push_str(&c.to_string().repeat(run));
                    }
                }
                '[' | ']' | '<' | '>' if !*in_code => {
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
        assert_eq!(render_prose("a [b] <c> `d<e>`"), "a \\[b\\] \\<c\\> `d<e>`");
        assert_eq!(
            render_prose("see https://x.y/z now"),
            "see <https://x.y/z> now"
        );
    }

    #[test]
    fn code_blocks_never_become_doctests() {
        // A fenced block is re-labelled `text`, whatever its language.
        assert_eq!(
            render_prose("Run:\n```rust\n    std::fs::remove_file(\"x\");\n```\nDone."),
            "Run:\n```text\n    std::fs::remove_file(\"x\");\n```\nDone."
        );
        // Indented prose loses the indentation that would make it code.
        assert_eq!(
            render_prose("a\n\n    let x = 1;\n\tb"),
            "a\n\nlet x = 1;\nb"
        );
        // A fence after a list marker is escaped; an open one is closed.
        assert_eq!(render_prose("- ```rust"), "- \\`\\`\\`rust");
        assert_eq!(render_prose("~~~~\nx"), "~~~~text\nx\n~~~~");
        // An indented closing fence is closed unindented, as rustdoc sees it.
        assert_eq!(render_prose("```\nx\n     ```\ny"), "```text\nx\n```\ny");
    }

    #[test]
    fn line_endings_and_control_characters_are_normalised() {
        assert_eq!(render_prose("a\rb\r\nc\u{7}d"), "a\nb\nc d");
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
