//! Reading a reference page saved as plain text.
//!
//! The text is what a browser's "save as text" gives for a WooshPay (Apidog)
//! reference page: the navigation, then the title, the method line (`GET`,
//! `POST` or `DELETE`) and the path line (`/v1/...`), then sections headed
//! `Path Params`, `Query Params`, `Header Params`, `Body Params ...`,
//! `Request samples` and `Responses`. A section holds a field list and/or a
//! JSON example after a line reading `Example`.
//!
//! A field list is a run of entries of three lines (the name, the type such
//! as `string` or `object (Next Action)` or `array[string]`, then `required`
//! or `optional`) each followed by description lines. The list is flat:
//! nesting is recovered later, in [`super::tree`].

use serde_json::Value;

use super::tree::PageNode;

pub use super::page_type::{PageType, MAX_TYPE_NESTING};

/// One entry of a field list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedField {
    pub name: String,
    pub ty: PageType,
    pub required: bool,
    /// The description lines joined with spaces.
    pub description: String,
    /// 1-based line of the name in the page (0 for an OpenAPI export).
    pub line: usize,
    /// The schema the type line names, without spaces: `object (Next
    /// Action)` gives `NextAction`; an OpenAPI `$ref` gives its name.
    pub schema: Option<String>,
    /// The values an OpenAPI `enum` lists (a text page lists them in the
    /// description instead).
    pub values: Vec<String>,
    /// An OpenAPI `format` (`int32`, `int64`, `date-time`...).
    pub format: Option<String>,
}

/// A section's field list and JSON example, either possibly empty.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub fields: Vec<ListedField>,
    pub example: Option<Value>,
    /// The section's members already nested, as an OpenAPI schema gives
    /// them; a text page's flat `fields` are nested by [`super::tree`].
    pub tree: Option<PageNode>,
}

impl Section {
    /// Whether the page shows anything in this section.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.example.is_none() && self.tree.is_none()
    }
}

/// What a reference page says about one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The line above the method line, e.g. `Retrieve a SetupIntent`.
    pub title: String,
    /// Where the page was read, when the saved text says so: a line holding
    /// only an `https://` address (or `# https://...` atop an export).
    pub address: Option<String>,
    /// An OpenAPI export's `operationId`.
    pub operation_id: Option<String>,
    /// The schema names an OpenAPI export gives the request body (or query)
    /// and the first 2xx response, through `$ref`.
    pub params_schema: Option<String>,
    pub response_schema: Option<String>,
    pub method: String,
    pub path: String,
    pub path_params: Section,
    pub query: Section,
    pub body: Section,
    /// The first 2xx response.
    pub response: Section,
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    /// 1-based line the problem is at, when there is one.
    pub line: Option<usize>,
    pub message: String,
}

const METHODS: [&str; 3] = ["GET", "POST", "DELETE"];

/// Where the parser is in the page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Skip,
    PathParams,
    Query,
    Body,
    Responses,
    ResponseBody,
}

/// Parses a whole page.
pub fn parse(text: &str) -> Result<Page, PageError> {
    let lines: Vec<&str> = text.lines().collect();
    let (title, method, path, start) = find_endpoint(&lines)?;
    let mut page = Page {
        title,
        address: address_line(&lines[..start]),
        operation_id: None,
        params_schema: None,
        response_schema: None,
        method,
        path,
        path_params: Section::default(),
        query: Section::default(),
        body: Section::default(),
        response: Section::default(),
    };
    let mut state = State::Skip;
    let mut section_lines: Vec<(usize, &str)> = Vec::new();
    let mut index = start;
    while index < lines.len() {
        let line = lines[index].trim();
        let next_state = match line {
            "Path Params" => Some(State::PathParams),
            "Query Params" => Some(State::Query),
            "Header Params" | "Cookie Params" | "Request samples" | "Request Samples" => {
                Some(State::Skip)
            }
            _ if line.starts_with("Body Params") => Some(State::Body),
            "Responses" => Some(State::Responses),
            _ if matches!(state, State::Responses | State::ResponseBody) => {
                match status_code(line) {
                    // Only the first successful response is compared.
                    Some(code)
                        if (200..300).contains(&code)
                            && state == State::Responses
                            && page.response.is_empty() =>
                    {
                        Some(State::ResponseBody)
                    }
                    Some(_) => Some(State::Skip),
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(next_state) = next_state {
            finish_section(&mut page, state, &mut section_lines);
            state = next_state;
            index += 1;
            continue;
        }
        if line == "Example" && matches!(state, State::Query | State::Body | State::ResponseBody) {
            if let Some((example, end)) = json_after(&lines, index + 1)? {
                finish_section(&mut page, state, &mut section_lines);
                if let Some(section) = section_mut(&mut page, state) {
                    section.example = Some(example);
                }
                // An example closes its section; the rest until the next
                // heading (footers, "Previous"/"Next" links) is not read.
                state = State::Skip;
                index = end + 1;
                continue;
            }
        }
        if state != State::Skip {
            section_lines.push((index + 1, lines[index]));
        }
        index += 1;
    }
    finish_section(&mut page, state, &mut section_lines);
    Ok(page)
}

/// The first method line followed by a path line: (title, method, path, the
/// index after the path line). Method lines in the navigation are followed
/// by another menu entry, not a path, so they are passed over.
fn find_endpoint(lines: &[&str]) -> Result<(String, String, String, usize), PageError> {
    let non_empty = |from: usize| (from..lines.len()).find(|&i| !lines[i].trim().is_empty());
    for (index, line) in lines.iter().enumerate() {
        let method = line.trim();
        if !METHODS.contains(&method) {
            continue;
        }
        let Some(path_index) = non_empty(index + 1) else {
            break;
        };
        let path = lines[path_index].trim();
        if !path.starts_with('/') || path.contains(char::is_whitespace) {
            continue;
        }
        let title = (0..index)
            .rev()
            .map(|i| lines[i].trim())
            .find(|line| !line.is_empty())
            .unwrap_or_default();
        return Ok((
            title.to_owned(),
            method.to_owned(),
            path.to_owned(),
            path_index + 1,
        ));
    }
    Err(PageError {
        line: None,
        message: "no endpoint found: expected a line `GET`, `POST` or `DELETE` followed by a path line such as `/v1/setup_intents/{id}`".to_owned(),
    })
}

/// The first line before the endpoint that is only an address
/// (`https://...`, optionally after `#` or `Source:`).
pub fn address_line(lines: &[&str]) -> Option<String> {
    lines.iter().find_map(|line| {
        let line = line.trim().trim_start_matches('#').trim();
        let line = line.strip_prefix("Source:").unwrap_or(line).trim();
        let plausible = line.starts_with("https://") && !line.contains(char::is_whitespace);
        plausible.then(|| line.to_owned())
    })
}

/// `🟢200OK` → 200: a status line starts, after any emoji, with three digits.
fn status_code(line: &str) -> Option<u16> {
    let rest = line.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.len() == 3 {
        digits.parse().ok()
    } else {
        None
    }
}

fn section_mut(page: &mut Page, state: State) -> Option<&mut Section> {
    match state {
        State::PathParams => Some(&mut page.path_params),
        State::Query => Some(&mut page.query),
        State::Body => Some(&mut page.body),
        State::ResponseBody => Some(&mut page.response),
        State::Skip | State::Responses => None,
    }
}

/// Parses the lines gathered for the section `state` into its field list.
fn finish_section(page: &mut Page, state: State, lines: &mut Vec<(usize, &str)>) {
    if let Some(section) = section_mut(page, state) {
        section.fields.extend(parse_fields(lines));
    }
    lines.clear();
}

/// A field list: entries start where a name line is followed by a type line
/// and a `required`/`optional` line; other lines describe the entry above.
pub fn parse_fields(lines: &[(usize, &str)]) -> Vec<ListedField> {
    let entry_at = |i: usize| -> Option<(String, PageType, bool)> {
        let name = lines.get(i)?.1.trim();
        let ty = PageType::parse(lines.get(i + 1)?.1)?;
        let required = match lines.get(i + 2)?.1.trim() {
            "required" => true,
            "optional" => false,
            _ => return None,
        };
        let plausible_name = !name.is_empty() && !name.contains(char::is_whitespace);
        plausible_name.then(|| (name.to_owned(), ty, required))
    };
    let mut fields: Vec<ListedField> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some((name, ty, required)) = entry_at(i) {
            fields.push(ListedField {
                name,
                ty,
                required,
                description: String::new(),
                line: lines[i].0,
                schema: type_annotation(lines[i + 1].1),
                values: Vec::new(),
                format: None,
            });
            i += 3;
            continue;
        }
        let text = lines[i].1.trim();
        if let (Some(field), false) = (fields.last_mut(), text.is_empty()) {
            if !field.description.is_empty() {
                field.description.push(' ');
            }
            field.description.push_str(text);
        }
        i += 1;
    }
    fields
}

/// The schema name a type line gives in parentheses: `object (Next Action)`
/// gives `NextAction`.
fn type_annotation(line: &str) -> Option<String> {
    let (_, rest) = line.split_once('(')?;
    let (inside, _) = rest.split_once(')')?;
    let name: String = inside.split_whitespace().collect();
    let plausible = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric());
    plausible.then_some(name)
}

/// The JSON value starting on the first non-empty line at or after `from`,
/// with the index of its last line; `None` when that line does not open an
/// object or array.
fn json_after(lines: &[&str], from: usize) -> Result<Option<(Value, usize)>, PageError> {
    let Some(first) = (from..lines.len()).find(|&i| !lines[i].trim().is_empty()) else {
        return Ok(None);
    };
    if !lines[first].trim_start().starts_with(['{', '[']) {
        return Ok(None);
    }
    let mut scanner = BracketScanner::default();
    let mut text = String::new();
    for (index, line) in lines.iter().enumerate().skip(first) {
        text.push_str(line);
        text.push('\n');
        if scanner.feed(line) {
            return serde_json::from_str(&text)
                .map(|value| Some((value, index)))
                .map_err(|error| {
                    // serde_json counts lines and columns within the example.
                    let text = error.to_string();
                    let reason = text.split(" at line ").next().unwrap_or(&text);
                    PageError {
                        line: Some(first + error.line()),
                        message: format!(
                            "the JSON example that starts on line {} is not valid JSON: {reason} (column {})",
                            first + 1,
                            error.column()
                        ),
                    }
                });
        }
    }
    Err(PageError {
        line: Some(first + 1),
        message: "the JSON example starting here never closes: its brackets are unbalanced"
            .to_owned(),
    })
}

/// Tracks bracket depth outside JSON strings, line by line.
#[derive(Default)]
struct BracketScanner {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl BracketScanner {
    /// Feeds one line; true once the outermost bracket has closed.
    fn feed(&mut self, line: &str) -> bool {
        for c in line.chars() {
            if self.in_string {
                match (self.escaped, c) {
                    (true, _) => self.escaped = false,
                    (false, '\\') => self.escaped = true,
                    (false, '"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => self.in_string = true,
                '{' | '[' => self.depth += 1,
                '}' | ']' => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }
}

/// The value lists a description gives as "one of a, b, or c" (also "One
/// of a, b, c" and "one of a or b"). A phrase whose items are not all single
/// words (`one of the customer's cards`) is not a value list and is skipped.
pub fn one_of_values(description: &str) -> Vec<String> {
    const PHRASE: &str = "one of ";
    let lower = description.to_ascii_lowercase();
    let mut values = Vec::new();
    // A list runs from the phrase to the end of its sentence. Only the last
    // phrase of a sentence can start a list: an earlier one's items would
    // contain the later phrase, which is not a single word. So one pass over
    // the sentences, one `rfind` in each, keeps this linear in the text.
    let mut sentence_start = 0;
    for sentence_end in sentence_ends(description) {
        let sentence = &lower[sentence_start..sentence_end];
        if let Some(found) = sentence.rfind(PHRASE) {
            let at = sentence_start + found;
            // `none of `, `someone of `: not the phrase.
            let inside_word = lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic);
            if !inside_word {
                values.extend(list_items(&description[at + PHRASE.len()..sentence_end]));
            }
        }
        sentence_start = sentence_end + 1;
    }
    values
}

/// Where each sentence of `text` ends: the byte index of a `.` followed by
/// white space or the end, of a `;` or of a `(`; the last is `text.len()`.
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let ends = bytes.iter().enumerate().filter_map(move |(i, &byte)| {
        let ends_here = match byte {
            b'.' => text[i + 1..].chars().next().is_none_or(char::is_whitespace),
            b';' | b'(' => true,
            _ => false,
        };
        ends_here.then_some(i)
    });
    ends.chain(std::iter::once(text.len()))
}

/// The items of `a, b, or c`, unquoted; none unless every item is one word.
fn list_items(list: &str) -> Vec<String> {
    let items: Vec<&str> = list
        .split(',')
        .flat_map(|item| item.split(" or "))
        .map(|item| {
            let item = item.trim();
            let item = item.strip_prefix("or ").unwrap_or(item);
            let item = item.strip_prefix("and ").unwrap_or(item);
            item.trim_matches(|c| matches!(c, '`' | '"' | '\'' | '“' | '”'))
        })
        .filter(|item| !item.is_empty())
        .collect();
    let words = items.iter().all(|item| {
        item.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    });
    if words {
        items.into_iter().map(str::to_owned).collect()
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_lines() {
        assert_eq!(PageType::parse("string\u{a0}"), Some(PageType::String));
        assert_eq!(
            PageType::parse("object\u{a0}(Next Action)\u{a0}"),
            Some(PageType::Object)
        );
        assert_eq!(
            PageType::parse("array[string]"),
            Some(PageType::Array(Some(Box::new(PageType::String))))
        );
        assert_eq!(PageType::parse("enum<string>"), Some(PageType::String));
        assert_eq!(
            PageType::parse("string <date-time>"),
            Some(PageType::String)
        );
        assert_eq!(
            PageType::parse("array[enum<string>]\u{a0}"),
            Some(PageType::Array(Some(Box::new(PageType::String))))
        );
        assert_eq!(PageType::parse("array[string"), None);
        assert_eq!(PageType::parse("optional"), None);
        assert_eq!(PageType::parse("Example"), None);
    }

    #[test]
    fn status_lines() {
        assert_eq!(status_code("🟢200OK"), Some(200));
        assert_eq!(status_code("🟠400Bad Request"), Some(400));
        assert_eq!(status_code("application/json"), None);
        assert_eq!(status_code("2024 was a year"), None);
    }

    #[test]
    fn value_lists() {
        assert_eq!(
            one_of_values("Reason, one of abandoned, requested_by_customer, or duplicate."),
            ["abandoned", "requested_by_customer", "duplicate"]
        );
        assert_eq!(
            one_of_values("The type of error returned. One of api_error, card_error"),
            ["api_error", "card_error"]
        );
        assert_eq!(
            one_of_values("Either one of `on` or `off`; more text"),
            ["on", "off"]
        );
        assert!(one_of_values("Use one of the customer's saved cards.").is_empty());
        assert!(one_of_values("none of a, b").is_empty());
        assert_eq!(
            one_of_values("One of a or b. Then one of c, one of d; also one of e (f)."),
            ["a", "b", "d", "e"]
        );
        assert!(one_of_values("No list here.").is_empty());
    }

    #[test]
    fn nested_field_lists_stay_flat_here() {
        let lines = [
            (1, "Body"),
            (2, "code"),
            (3, "string\u{a0}"),
            (4, "required"),
            (5, "A short code."),
            (6, "More about it."),
            (7, "param"),
            (8, "string"),
            (9, "optional"),
        ];
        let fields = parse_fields(&lines);
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].name, "code");
        assert!(fields[0].required);
        assert_eq!(fields[0].description, "A short code. More about it.");
        assert_eq!(fields[0].line, 2);
        assert_eq!(
            (fields[1].name.as_str(), fields[1].required),
            ("param", false)
        );
    }
}
