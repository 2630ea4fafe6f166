//! Step 4: tokens → formatted source text with the `@generated` header.

use proc_macro2::TokenStream;

/// Marks a file as generated; `cargo xtask codegen` owns every file that has it.
pub const GENERATED_MARKER: &str = "@generated";

/// Parses `tokens` as a Rust file and pretty-prints it. A failure here is a
/// generator bug (the validator let through something that is not Rust), so
/// the message carries the tokens for the bug report.
pub fn format_file(tokens: TokenStream, sources: &[String]) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens.clone()).map_err(|error| {
        format!("generator bug: emitted code does not parse: {error}\n{tokens}")
    })?;
    let body = separate_items(&prettyplease::unparse(&file));
    Ok(format!("{}\n\n{body}", header(sources)))
}

/// prettyplease packs top-level items together; a blank line after each
/// closing brace at column 0 makes the file read like hand-written Rust.
fn separate_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let closes_item = line == "}" || (line.starts_with("pub type ") && line.ends_with(';'));
        if closes_item && lines.peek().is_some_and(|next| !next.is_empty()) {
            out.push('\n');
        }
    }
    out
}

/// The first lines of every generated file.
pub fn header(sources: &[String]) -> String {
    format!(
        "// {GENERATED_MARKER} by `cargo xtask codegen` from {}. Do not edit by hand:\n// change the spec and run `cargo xtask codegen` again.",
        sources.join(", ")
    )
}
