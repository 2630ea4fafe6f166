//! `cargo xtask changes [BASE] [--format text|markdown] [--deny-breaking]`:
//! what changed on the public surface between `spec/` at `BASE` (default
//! `HEAD`) and the working tree.

use std::path::Path;
use std::process::ExitCode;

use generator::changes::{self, CompareError};

/// Exit code of `--deny-breaking` when a change is breaking.
const BREAKING_EXIT_CODE: u8 = 4;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
}

struct Options<'a> {
    base: &'a str,
    format: Format,
    deny_breaking: bool,
}

fn parse<'a>(args: &[&'a str]) -> Result<Options<'a>, String> {
    let mut options = Options {
        base: "HEAD",
        format: Format::Text,
        deny_breaking: false,
    };
    let mut base = None;
    let mut rest = args.iter();
    while let Some(&arg) = rest.next() {
        match arg {
            "--deny-breaking" => options.deny_breaking = true,
            "--format" => {
                options.format = match rest.next() {
                    Some(&"text") => Format::Text,
                    Some(&"markdown") => Format::Markdown,
                    other => {
                        return Err(format!(
                            "--format takes `text` or `markdown`, not {}",
                            other.map_or("nothing".to_owned(), |value| format!("`{value}`"))
                        ))
                    }
                }
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            revision if base.is_none() => base = Some(revision),
            extra => return Err(format!("one base revision only, `{extra}` is a second")),
        }
    }
    options.base = base.unwrap_or("HEAD");
    Ok(options)
}

/// Runs the command; `args` follow `changes`.
pub fn run(args: &[&str]) -> ExitCode {
    let options = match parse(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let root = crate::codegen::workspace_root();
    let report = match changes::compare_workspace(&root, options.base) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(match error {
                CompareError::Spec(_) => 1,
                CompareError::Git(_) | CompareError::Io(_) => 2,
            });
        }
    };
    let rendered = match options.format {
        Format::Text => report.render_text(),
        Format::Markdown => report.render_markdown(),
    };
    print!("{rendered}");
    if options.deny_breaking && report.has_breaking() {
        eprintln!("error: breaking changes against `{}`", options.base);
        ExitCode::from(BREAKING_EXIT_CODE)
    } else {
        ExitCode::SUCCESS
    }
}

/// The last line of `cargo xtask codegen` when it changed files: the summary
/// against `HEAD`'s spec. Outside a git repository there is nothing to
/// compare with, which is no error.
pub fn print_codegen_summary(root: &Path) {
    match changes::compare_workspace(root, "HEAD") {
        Ok(report) => println!(
            "API changes since HEAD: {} (details: cargo xtask changes)",
            report.summary()
        ),
        Err(error) => eprintln!("note: no API change summary against HEAD: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{parse, Format};

    #[test]
    fn options_default_to_head_and_text() {
        let options = parse(&[]).unwrap();
        assert_eq!(options.base, "HEAD");
        assert!(options.format == Format::Text && !options.deny_breaking);
    }

    #[test]
    fn options_are_read_in_any_order() {
        let options = parse(&["--format", "markdown", "origin/main", "--deny-breaking"]).unwrap();
        assert_eq!(options.base, "origin/main");
        assert!(options.format == Format::Markdown && options.deny_breaking);
    }

    #[test]
    fn bad_options_are_usage_errors() {
        let error = |args: &[&str]| parse(args).err().unwrap();
        assert_eq!(
            error(&["--format"]),
            "--format takes `text` or `markdown`, not nothing"
        );
        assert_eq!(
            error(&["--format", "json"]),
            "--format takes `text` or `markdown`, not `json`"
        );
        assert_eq!(error(&["--verbose"]), "unknown option `--verbose`");
        assert_eq!(
            error(&["a", "b"]),
            "one base revision only, `b` is a second"
        );
    }
}
