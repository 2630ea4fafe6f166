//! Project automation: `cargo xtask codegen [--check]`, `cargo xtask openapi`,
//! `cargo xtask docs-check [--fix] PAGE...`, `cargo xtask changes [BASE]`,
//! `cargo xtask coverage [--check]`.
//!
//! Exit codes: 0 success; 1 the spec has errors, (with `--check`) the
//! generated files are stale, or (docs-check) a page differs from the spec
//! without a note explaining it; 2 I/O or usage errors, or (docs-check) a
//! page that cannot be read or whose endpoint the spec lacks; 3 a generator
//! bug; 4 (changes `--deny-breaking`) a change is breaking.

mod changes;
mod codegen;
mod coverage;
mod docs_check;

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

  codegen                   regenerate generated/src/generated/ and
                            generated/openapi.json from spec/
  codegen --check           write nothing; fail listing the files that are stale
  openapi                   regenerate generated/openapi.json only
  coverage                  write COVERAGE.md, the table of every endpoint in
                            the API reference navigation, from
                            spec/coverage/navigation.yaml and spec/
  coverage --check          write nothing; fail when COVERAGE.md is stale
  docs-check PAGE...        compare reference pages (saved as text, or the
                            docs site's OpenAPI export of a page) with spec/;
                            print one line per difference, fail on any that no
                            `docs-check:` note in the spec acknowledges
    --fix                   first edit spec/*.yaml in place: add what the
                            pages show and the spec lacks, correct types and
                            flags, note what needs a person; print each change
  changes [BASE]            list every change to the public API between spec/
                            at git revision BASE (default HEAD) and spec/ now,
                            each marked breaking, additive or documentation only
    --format markdown       print Markdown for a pull request (default: text)
    --deny-breaking         exit with code 4 when a change is breaking";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen::run(codegen::Mode::Write),
        ["codegen", "--check"] => codegen::run(codegen::Mode::Check),
        ["openapi"] => codegen::run_openapi(),
        ["coverage"] => coverage::run(codegen::Mode::Write),
        ["coverage", "--check"] => coverage::run(codegen::Mode::Check),
        ["docs-check", "--fix", pages @ ..] if !pages.is_empty() => docs_check::run_fix(pages),
        ["docs-check", pages @ ..] if !pages.is_empty() => docs_check::run(pages),
        ["changes", rest @ ..] => changes::run(rest),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
