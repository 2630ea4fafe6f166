//! `cargo xtask docs-check`: compare reference pages saved as text with the
//! spec, and list every difference.
//!
//! A page is matched to a spec endpoint by its method and path lines
//! ([`page`]), its field lists and JSON examples are merged into trees
//! ([`tree`]), and the trees are compared with the spec types ([`compare`]).
//! Each difference has a kind ([`DiffKind`]) and a field path: `request.a.b`,
//! `response.a[].b` or `path.id`. A difference the spec already explains is
//! acknowledged by a note ([`ack`] gives the rule) and does not fail the
//! check.
//!
//! Exit codes ([`Report::exit_code`]): 0 when every difference is
//! acknowledged, 1 when one is not, 2 when a page cannot be read or
//! documents an endpoint the spec lacks.

pub mod ack;
pub mod compare;
pub mod draft;
pub mod fix;
pub mod openapi_import;
pub mod page;
pub mod page_type;
pub mod spec_view;
pub mod tree;
pub mod yaml_edit;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{ApiModel, HttpMethod, ResolvedEndpoint, ResolvedModule};
use spec_view::SpecIndex;

/// What kind of difference a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiffKind {
    /// The page shows a field (or parameters) the spec does not have.
    NotInSpec,
    /// The spec has a field the page does not show, in an object whose
    /// members the page does show.
    NotOnPage,
    /// The JSON types differ.
    Type,
    /// A field list's `required`/`optional` differs from the spec's flag.
    Required,
    /// A description lists a value ("one of a, b, or c") the spec's enum lacks.
    EnumValue,
    /// The page sends the parameters in the body and the spec in the query,
    /// or the other way round.
    ParamsIn,
}

impl DiffKind {
    /// The kind as printed and as written in `docs-check:` notes.
    pub fn as_str(self) -> &'static str {
        match self {
            DiffKind::NotInSpec => "not-in-spec",
            DiffKind::NotOnPage => "not-on-page",
            DiffKind::Type => "type",
            DiffKind::Required => "required",
            DiffKind::EnumValue => "enum-value",
            DiffKind::ParamsIn => "params-in",
        }
    }
}

impl fmt::Display for DiffKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between a page and the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub kind: DiffKind,
    /// `request.payment_method_data.card.cvc`, `response.next_action.type`,
    /// `path.id`; array elements as `a[]`.
    pub path: String,
    /// What the page says, e.g. `integer (field list)` or `nothing`.
    pub page: String,
    /// What the spec says, in spec syntax where it is a type.
    pub spec: String,
    /// The spec item whose note acknowledges this difference, if any.
    pub acknowledged_by: Option<String>,
    /// The innermost spec item the difference is under (a label as in
    /// `acknowledged_by`): where `--fix` writes a note it cannot decide.
    pub item: Option<String>,
    /// What `--fix` would change in the spec, when it can decide.
    pub fix: Option<FixHint>,
}

/// A change to the spec that resolves one difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixHint {
    /// Add the member `name`, as the page shows it, to the object schema
    /// (or union common fields) `owner`.
    AddMember {
        owner: String,
        name: String,
        node: tree::PageNode,
    },
    /// Give field `wire` of `owner` the type the page shows.
    SetType {
        owner: String,
        wire: String,
        node: tree::PageNode,
    },
    /// Set field `wire` of `owner` required or not.
    SetRequired {
        owner: String,
        wire: String,
        required: bool,
    },
    /// Add `value` to the enum schema `enumeration`.
    AddEnumValue { enumeration: String, value: String },
}

/// The differences found on one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReport {
    /// The page's file name as given, used as the prefix of every line.
    pub file: String,
    /// The page's title, e.g. `Retrieve a SetupIntent`.
    pub title: String,
    /// The endpoint the page documents, as `module.endpoint`.
    pub endpoint: String,
    pub differences: Vec<Difference>,
}

impl PageReport {
    /// One line per difference:
    /// `<file>: <kind>: <path>: page says X, spec says Y`, with
    /// ` (acknowledged by <item>)` appended when a note explains it.
    pub fn lines(&self) -> Vec<String> {
        self.differences
            .iter()
            .map(|difference| {
                let mut line = format!(
                    "{}: {}: {}: page says {}, spec says {}",
                    self.file, difference.kind, difference.path, difference.page, difference.spec
                );
                if let Some(item) = &difference.acknowledged_by {
                    line.push_str(&format!(" (acknowledged by {item})"));
                }
                line
            })
            .collect()
    }

    /// The differences no note acknowledges.
    pub fn unacknowledged(&self) -> impl Iterator<Item = &Difference> {
        self.differences
            .iter()
            .filter(|difference| difference.acknowledged_by.is_none())
    }
}

/// Why a page could not be checked (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckError {
    /// The file could not be read, or is not UTF-8.
    Read { file: String, message: String },
    /// The text is not a reference page as expected.
    Page {
        file: String,
        line: Option<usize>,
        message: String,
    },
    /// The page documents an endpoint the spec does not have.
    UnknownEndpoint {
        file: String,
        method: String,
        path: String,
    },
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckError::Read { file, message } => write!(f, "{file}: error: cannot read: {message}"),
            CheckError::Page {
                file,
                line: Some(line),
                message,
            } => write!(f, "{file}:{line}: error: {message}"),
            CheckError::Page {
                file,
                line: None,
                message,
            } => write!(f, "{file}: error: {message}"),
            CheckError::UnknownEndpoint { file, method, path } => write!(
                f,
                "{file}: error: the page documents `{method} {path}`, which no endpoint in spec/ has; add it to the spec first"
            ),
        }
    }
}

impl std::error::Error for CheckError {}

/// The outcome of checking several pages.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub pages: Vec<PageReport>,
    pub errors: Vec<CheckError>,
}

impl Report {
    /// 2 if a page could not be checked, else 1 if a difference is not
    /// acknowledged, else 0.
    pub fn exit_code(&self) -> u8 {
        if !self.errors.is_empty() {
            2
        } else if self
            .pages
            .iter()
            .any(|page| page.unacknowledged().next().is_some())
        {
            1
        } else {
            0
        }
    }

    /// Every difference line of every page, in order.
    pub fn lines(&self) -> Vec<String> {
        self.pages.iter().flat_map(PageReport::lines).collect()
    }

    /// A one-line summary, e.g.
    /// `2 pages checked: 0 unacknowledged differences, 4 acknowledged`.
    pub fn summary(&self) -> String {
        let total: usize = self.pages.iter().map(|page| page.differences.len()).sum();
        let open: usize = self
            .pages
            .iter()
            .map(|page| page.unacknowledged().count())
            .sum();
        let mut summary = format!(
            "{} checked: {}, {} acknowledged",
            count(self.pages.len(), "page"),
            count(open, "unacknowledged difference"),
            total - open
        );
        if !self.errors.is_empty() {
            let failed = count(self.errors.len(), "page");
            summary.push_str(&format!("; {failed} could not be checked"));
        }
        summary
    }
}

/// Checks one page's text; `file` names it in the output.
pub fn check_page(model: &ApiModel, file: &str, text: &str) -> Result<PageReport, CheckError> {
    let page = page::parse(text).map_err(|error| page_error(file, error))?;
    check_parsed(model, file, &page)
}

/// Checks a page already read (from text or an OpenAPI export).
pub fn check_parsed(
    model: &ApiModel,
    file: &str,
    page: &page::Page,
) -> Result<PageReport, CheckError> {
    let Some((module, endpoint)) = find_endpoint(model, &page.method, &page.path) else {
        return Err(CheckError::UnknownEndpoint {
            file: file.to_owned(),
            method: page.method.clone(),
            path: page.path.clone(),
        });
    };
    let index = SpecIndex::new(model);
    let differences = compare::compare_page(page, module, endpoint, &index);
    Ok(PageReport {
        file: file.to_owned(),
        title: page.title.clone(),
        endpoint: format!("{}.{}", module.name, endpoint.name),
        differences,
    })
}

fn page_error(file: &str, error: page::PageError) -> CheckError {
    CheckError::Page {
        file: file.to_owned(),
        line: error.line,
        message: error.message,
    }
}

/// The pages of one file: a page saved as text, or every operation of an
/// OpenAPI export (YAML or JSON, told apart by its `openapi:` member).
pub fn read_pages(path: &Path) -> Result<Vec<page::Page>, CheckError> {
    let file = path.display().to_string();
    let text = read_text(path)?;
    parse_pages(&file, &text)
}

/// [`read_pages`] on text already read; `file` names it in errors.
pub fn parse_pages(file: &str, text: &str) -> Result<Vec<page::Page>, CheckError> {
    if openapi_import::is_openapi(text) {
        openapi_import::parse(text).map_err(|error| page_error(file, error))
    } else {
        page::parse(text)
            .map(|page| vec![page])
            .map_err(|error| page_error(file, error))
    }
}

/// Reads and checks every file; a file that fails is reported in
/// [`Report::errors`] and the others are still checked.
pub fn check_files(model: &ApiModel, files: &[PathBuf]) -> Report {
    let mut report = Report::default();
    for path in files {
        let file = path.display().to_string();
        let pages = match read_pages(path) {
            Ok(pages) => pages,
            Err(error) => {
                report.errors.push(error);
                continue;
            }
        };
        for page in &pages {
            match check_parsed(model, &file, page) {
                Ok(page) => report.pages.push(page),
                Err(error) => report.errors.push(error),
            }
        }
    }
    report
}

/// `--fix`: reads `files`, fixes `root/spec/*.yaml` from them and writes
/// the files that changed (only regular files already in `spec/`).
pub fn fix_workspace(root: &Path, files: &[PathBuf]) -> Result<fix::FixOutcome, fix::FixError> {
    let spec_dir = root.join("spec");
    let sources = crate::read_spec_dir(&spec_dir)
        .map_err(|error| fix::FixError(format!("cannot read {}: {error}", spec_dir.display())))?;
    let sources: Vec<crate::SpecSource> = sources
        .into_iter()
        .map(|source| crate::SpecSource {
            path: source
                .path
                .strip_prefix(root)
                .map(Path::to_path_buf)
                .unwrap_or(source.path),
            contents: source.contents,
        })
        .collect();
    let mut inputs = Vec::new();
    let mut unreadable = Vec::new();
    for path in files {
        match read_pages(path) {
            Ok(pages) => inputs.push(fix::PageInput {
                file: path.display().to_string(),
                pages,
            }),
            Err(error) => unreadable.push(error),
        }
    }
    let mut outcome = fix::fix(&sources, &inputs)?;
    for (path, text) in &outcome.files {
        let target = root.join(path);
        let regular =
            std::fs::symlink_metadata(&target).is_ok_and(|meta| meta.file_type().is_file());
        if !regular {
            return Err(fix::FixError(format!(
                "{}: refusing to write: not a regular file",
                target.display()
            )));
        }
        std::fs::write(&target, text).map_err(|error| {
            fix::FixError(format!("cannot write {}: {error}", target.display()))
        })?;
    }
    unreadable.append(&mut outcome.errors);
    outcome.errors = unreadable;
    Ok(outcome)
}

fn read_text(path: &Path) -> Result<String, CheckError> {
    let error = |message: String| CheckError::Read {
        file: path.display().to_string(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|io| error(io.to_string()))?;
    String::from_utf8(bytes).map_err(|utf8| {
        error(format!(
            "not UTF-8 text (bad byte at offset {})",
            utf8.utf8_error().valid_up_to()
        ))
    })
}

/// The endpoint with this method and path; placeholder names may differ.
pub fn find_endpoint<'m>(
    model: &'m ApiModel,
    method: &str,
    path: &str,
) -> Option<(&'m ResolvedModule, &'m ResolvedEndpoint)> {
    let shape = compare::path_shape(path);
    model.modules.iter().find_map(|module| {
        module
            .endpoints
            .iter()
            .find(|endpoint| {
                method_name(endpoint.method) == method
                    && compare::path_shape(&endpoint.path) == shape
            })
            .map(|endpoint| (module, endpoint))
    })
}

/// `1 page`, `2 pages`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Delete => "DELETE",
    }
}
