//! The coverage table: every endpoint of WooshPay's API reference navigation
//! and what the SDK offers for it.
//!
//! [`NAVIGATION_PATH`] lists the navigation entry by entry, each naming the
//! generated function that implements it (`endpoint: module::function`) or
//! saying why there is none (`unavailable: reason`). Whether a function is
//! *typed* or *inferred* is not written there: it is read from the spec, so
//! the table cannot drift from it. [`check`] validates the file against the
//! model (every named function exists, none is named twice, sidebar methods
//! agree with the spec) and [`Coverage::to_markdown`] renders
//! [`COVERAGE_PATH`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{shorten, Diagnostic, Diagnostics};
use crate::locate::LineIndex;
use crate::model::{ApiModel, HttpMethod, Provenance, ResolvedEndpoint};
use crate::sync::WorkspaceError;
use crate::GeneratedFile;

/// The navigation file, relative to the workspace root. It sits in a
/// subfolder because every `*.yaml` directly in `spec/` is a spec module.
pub const NAVIGATION_PATH: &str = "spec/coverage/navigation.yaml";

/// The rendered table, relative to the workspace root.
pub const COVERAGE_PATH: &str = "COVERAGE.md";

/// The navigation file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NavigationFile {
    #[serde(default)]
    note: Option<String>,
    /// Functions entries may name before the spec has them (being added on
    /// another branch); the lead deletes them once merged.
    #[serde(default)]
    pending: Vec<String>,
    groups: Vec<NavigationGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NavigationGroup {
    group: String,
    entries: Vec<NavigationEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NavigationEntry {
    title: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    endpoint: Option<String>,
    #[serde(default)]
    unavailable: Option<String>,
}

/// What the SDK offers for one navigation entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A generated function whose facts a reference page or example gives.
    Typed,
    /// A generated function whose spec `source:` is `inferred:`.
    Inferred,
    /// No generated function; the row says why.
    NotAvailable,
    /// Named under `pending:`: the function is not in the spec yet.
    Pending,
}

impl Status {
    /// The word the table prints.
    pub fn label(self) -> &'static str {
        match self {
            Status::Typed => "typed",
            Status::Inferred => "inferred",
            Status::NotAvailable => "not available",
            Status::Pending => "pending",
        }
    }
}

/// One row of the table: one navigation entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverageRow {
    pub group: String,
    /// The navigation title, as printed.
    pub title: String,
    /// The method the sidebar prints, if any.
    pub sidebar_method: Option<String>,
    pub status: Status,
    /// `module::function`, for typed, inferred and pending rows.
    pub function: Option<String>,
    /// `POST /v1/...` from the spec, for typed and inferred rows.
    pub method_and_path: Option<String>,
    /// Why there is no function, for rows that are not available.
    pub reason: Option<String>,
}

/// A spec endpoint that no navigation entry names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnlistedEndpoint {
    pub function: String,
    pub method_and_path: String,
    pub status: Status,
}

/// The checked navigation: what [`COVERAGE_PATH`] shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub note: Option<String>,
    pub rows: Vec<CoverageRow>,
    pub unlisted: Vec<UnlistedEndpoint>,
}

/// Reads the navigation at `root` and checks it against the spec at `root`:
/// [`COVERAGE_PATH`]'s path and text.
pub fn workspace_coverage(root: &Path) -> Result<GeneratedFile, WorkspaceError> {
    let model = crate::sync::workspace_model(root)?;
    let text = std::fs::read_to_string(root.join(NAVIGATION_PATH))
        .map_err(|error| WorkspaceError::Io(format!("cannot read {NAVIGATION_PATH}: {error}")))?;
    let coverage = check(Path::new(NAVIGATION_PATH), &text, &model)
        .map_err(|diagnostics| WorkspaceError::Spec(diagnostics.to_string()))?;
    Ok(GeneratedFile {
        path: COVERAGE_PATH.to_owned(),
        contents: coverage.to_markdown(),
    })
}

/// Parses the navigation `text` (read from `file`, which errors name) and
/// checks it against `model`, reporting every problem found.
pub fn check(file: &Path, text: &str, model: &ApiModel) -> Result<Coverage, Diagnostics> {
    let lines = LineIndex::build(text);
    let mut checker = Checker {
        file,
        lines: &lines,
        endpoints: model
            .modules
            .iter()
            .flat_map(|module| {
                let name =
                    |endpoint: &ResolvedEndpoint| format!("{}::{}", module.name, endpoint.name);
                module
                    .endpoints
                    .iter()
                    .map(move |endpoint| (name(endpoint), endpoint))
            })
            .collect(),
        pending: BTreeSet::new(),
        named_by: HashMap::new(),
        problems: Vec::new(),
    };
    for (path, position) in &lines.duplicates {
        let key = path.rsplit('.').next().unwrap_or(path);
        checker.report(
            path,
            format!("the key `{key}` appears twice in the same mapping; YAML would silently keep only the last one"),
        );
        // Point at the repeat, not at the first occurrence.
        if let Some(problem) = checker.problems.last_mut() {
            problem.location = Some(*position);
        }
    }
    if !checker.problems.is_empty() {
        return Err(Diagnostics(checker.problems));
    }
    let navigation = parse(file, text)?;
    checker.pending(&navigation.pending);
    let mut titles = BTreeSet::new();
    let mut rows = Vec::new();
    for (group_index, group) in navigation.groups.iter().enumerate() {
        for (entry_index, entry) in group.entries.iter().enumerate() {
            let at = format!("groups[{group_index}].entries[{entry_index}]");
            if !titles.insert((&group.group, &entry.title)) {
                let message = format!(
                    "\"{}\" appears twice in group \"{}\"",
                    entry.title, group.group
                );
                checker.report(&at, message);
            }
            rows.push(checker.entry(&group.group, &at, entry));
        }
    }
    for (index, name) in navigation.pending.iter().enumerate() {
        if !checker.named_by.contains_key(name) && !checker.endpoints.contains_key(name) {
            let message = format!("no entry names `{name}`; delete it from `pending:`");
            checker.report(&format!("pending[{index}]"), message);
        }
    }
    if !checker.problems.is_empty() {
        return Err(Diagnostics(checker.problems));
    }
    let unlisted = checker
        .endpoints
        .iter()
        .filter(|(name, _)| !checker.named_by.contains_key(*name))
        .map(|(name, endpoint)| UnlistedEndpoint {
            function: name.clone(),
            method_and_path: format!("{} {}", method_name(endpoint.method), endpoint.path),
            status: status_of(endpoint),
        })
        .collect();
    Ok(Coverage {
        note: navigation.note,
        rows,
        unlisted,
    })
}

/// What checking the navigation has seen so far.
struct Checker<'a> {
    file: &'a Path,
    lines: &'a LineIndex,
    /// Every spec endpoint by `module::function`.
    endpoints: BTreeMap<String, &'a ResolvedEndpoint>,
    pending: BTreeSet<String>,
    /// Function → title of the first entry that names it.
    named_by: HashMap<String, String>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, spec_path: &str, message: String) {
        self.problems.push(Diagnostic {
            file: self.file.to_path_buf(),
            spec_path: shorten(spec_path),
            location: self.lines.find(spec_path),
            message: shorten(&message),
        });
    }

    /// Pending functions must not be in the spec yet, nor listed twice.
    fn pending(&mut self, names: &[String]) {
        for (index, name) in names.iter().enumerate() {
            let at = format!("pending[{index}]");
            if self.endpoints.contains_key(name) {
                let message = format!("`{name}` is in the spec now; delete it from `pending:` so the table shows whether it is typed or inferred");
                self.report(&at, message);
            } else if !self.pending.insert(name.clone()) {
                self.report(&at, format!("`{name}` is listed twice under `pending:`"));
            }
        }
    }

    /// Checks one entry at spec path `at`; gives its row.
    fn entry(&mut self, group: &str, at: &str, entry: &NavigationEntry) -> CoverageRow {
        let title = &entry.title;
        if let Some(method) = &entry.method {
            if !matches!(method.as_str(), "GET" | "POST" | "DELETE") {
                let message = format!("\"{title}\": unsupported method `{method}`; use GET, POST or DELETE (upper case), or leave `method:` out when the sidebar prints none");
                self.report(&format!("{at}.method"), message);
            }
        }
        let mut row = CoverageRow {
            group: group.to_owned(),
            title: title.clone(),
            sidebar_method: entry.method.clone(),
            status: Status::NotAvailable,
            function: None,
            method_and_path: None,
            reason: None,
        };
        match (&entry.endpoint, &entry.unavailable) {
            (Some(_), Some(_)) => {
                let message =
                    format!("\"{title}\" has both `endpoint:` and `unavailable:`; keep one");
                self.report(at, message);
            }
            (None, None) => {
                let message = format!("\"{title}\" has neither `endpoint:` nor `unavailable:`; name the generated function or say why there is none");
                self.report(at, message);
            }
            (None, Some(reason)) if reason.trim().is_empty() => {
                let message = format!(
                    "\"{title}\": the reason is empty; say why the SDK has no function for it"
                );
                self.report(&format!("{at}.unavailable"), message);
            }
            (None, Some(reason)) => row.reason = Some(reason.clone()),
            (Some(name), None) => {
                self.named_endpoint(&format!("{at}.endpoint"), entry, name, &mut row);
            }
        }
        row
    }

    /// An entry's `endpoint: name`: it must exist (or be pending), be named
    /// once, and have the sidebar's method.
    fn named_endpoint(
        &mut self,
        at: &str,
        entry: &NavigationEntry,
        name: &str,
        row: &mut CoverageRow,
    ) {
        let title = &entry.title;
        if let Some(first) = self.named_by.insert(name.to_owned(), title.clone()) {
            let message = format!("\"{title}\" names `{name}`, which \"{first}\" names already; one spec endpoint implements one navigation entry");
            self.report(at, message);
        }
        row.function = Some(name.to_owned());
        if let Some(endpoint) = self.endpoints.get(name).copied() {
            let spec_method = method_name(endpoint.method);
            if let Some(sidebar) = entry
                .method
                .as_deref()
                .filter(|&method| method != spec_method)
            {
                let message = format!("\"{title}\": the sidebar says {sidebar}, but the spec's `{name}` is {spec_method}");
                self.report(at, message);
            }
            row.status = status_of(endpoint);
            row.method_and_path = Some(format!("{spec_method} {}", endpoint.path));
        } else if self.pending.contains(name) {
            row.status = Status::Pending;
        } else {
            let message = unknown_endpoint(title, name, &self.endpoints);
            self.report(at, message);
        }
    }
}

fn parse(file: &Path, text: &str) -> Result<NavigationFile, Diagnostics> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|failure| {
        let spec_path = crate::load::yaml_path(failure.path());
        let inner = failure.into_inner();
        let location = inner.location().map(|l| (l.line(), l.column()));
        let line_text = location.and_then(|(line, _)| text.lines().nth(line.saturating_sub(1)));
        let mut message = crate::load::explain(&inner.to_string(), location, line_text);
        // Name the expected shapes in the file's terms, not Rust's.
        for (internal, shape) in [
            (
                "struct NavigationFile",
                "a mapping with `groups:` (and optionally `note:`, `pending:`)",
            ),
            (
                "struct NavigationGroup",
                "a group mapping with `group:` and `entries:`",
            ),
            (
                "struct NavigationEntry",
                "an entry mapping with `title:` and `endpoint:` or `unavailable:`",
            ),
        ] {
            message = message.replace(internal, shape);
        }
        Diagnostics(vec![Diagnostic {
            file: file.to_path_buf(),
            spec_path: shorten(&spec_path),
            location,
            message: shorten(&message),
        }])
    })
}

/// Typed unless the spec says the endpoint is guessed.
fn status_of(endpoint: &ResolvedEndpoint) -> Status {
    match endpoint.docs.source {
        Some(Provenance::Inferred(_)) => Status::Inferred,
        _ => Status::Typed,
    }
}

fn method_name(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Delete => "DELETE",
    }
}

/// The error for a function the spec lacks, with the closest one it has.
fn unknown_endpoint(
    title: &str,
    name: &str,
    endpoints: &BTreeMap<String, &ResolvedEndpoint>,
) -> String {
    let mut message = if name.contains("::") {
        format!("\"{title}\" names `{name}`, but no spec endpoint is called that (module = spec file stem, function = key under `endpoints:`)")
    } else {
        format!("\"{title}\": `{name}` is not of the form `module::function`")
    };
    let closest = endpoints
        .keys()
        .map(|candidate| (crate::resolve::edit_distance(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(1))
        .min();
    if let Some((_, candidate)) = closest {
        let _ = write!(message, "; did you mean `{candidate}`?");
    }
    message
}

impl Coverage {
    /// How many rows have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.rows.iter().filter(|row| row.status == status).count()
    }

    /// The totals line: `N typed, M inferred, K not available, of T`, with
    /// `P pending` before `of` while any function is pending.
    pub fn totals(&self) -> String {
        let mut totals = format!(
            "{} typed, {} inferred, {} not available",
            self.count(Status::Typed),
            self.count(Status::Inferred),
            self.count(Status::NotAvailable)
        );
        let pending = self.count(Status::Pending);
        if pending > 0 {
            let _ = write!(totals, ", {pending} pending");
        }
        let _ = write!(totals, ", of {}", self.rows.len());
        totals
    }

    /// The text of [`COVERAGE_PATH`].
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        out.push_str("<!-- @generated by `cargo xtask coverage` from spec/coverage/navigation.yaml and spec/*.yaml; do not edit -->\n\n");
        out.push_str("# API coverage\n\n");
        out.push_str("Every endpoint of the WooshPay API reference navigation, and what the `wooshpay` crate offers for it.\n\n");
        let _ = writeln!(out, "**{}.**\n", self.totals());
        out.push_str("- **typed**: a generated function whose method, path and shapes come from a reference page or its examples.\n");
        out.push_str("- **inferred**: a generated function whose method, path or shapes are deduced, not documented (`source: inferred:` in the spec; its docs say so). Check it against the live API before relying on it.\n");
        out.push_str("- **not available**: no generated function; the last column says why. The `Client::request` escape hatch still calls any endpoint with auth, retries and idempotency.\n");
        if self.count(Status::Pending) > 0 {
            out.push_str("- **pending**: named under `pending:` in the navigation file; the function is being added to the spec on another branch.\n");
        }
        if let Some(note) = &self.note {
            let _ = writeln!(out, "\n{}", note.trim());
        }
        out.push_str("\n| group | endpoint | method and path | status | function or reason |\n|---|---|---|---|---|\n");
        for row in &self.rows {
            let method_and_path = match (&row.method_and_path, &row.sidebar_method) {
                (Some(spec), _) => format!("`{spec}`"),
                (None, Some(sidebar)) if row.status == Status::Pending => {
                    format!("`{sidebar}`, not in the spec yet")
                }
                (None, Some(sidebar)) => format!("`{sidebar}`, path unknown"),
                (None, None) => "unknown".to_owned(),
            };
            let last = match (&row.function, &row.reason) {
                (Some(function), _) => format!("`wooshpay::{function}`"),
                (None, reason) => cell(reason.as_deref().unwrap_or_default()),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {method_and_path} | {} | {last} |",
                cell(&row.group),
                cell(&row.title),
                row.status.label()
            );
        }
        out.push_str("\n## Spec endpoints outside the navigation\n\n");
        if self.unlisted.is_empty() {
            out.push_str("None: every endpoint in the spec implements a navigation entry.\n");
        } else {
            out.push_str("| function | method and path | status |\n|---|---|---|\n");
            for endpoint in &self.unlisted {
                let _ = writeln!(
                    out,
                    "| `wooshpay::{}` | `{}` | {} |",
                    endpoint.function,
                    endpoint.method_and_path,
                    endpoint.status.label()
                );
            }
        }
        out
    }
}

/// Text safe inside one Markdown table cell.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
