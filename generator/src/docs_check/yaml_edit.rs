//! Surgical edits of a spec file's text, addressed by spec path
//! (`schemas.SetupIntent.fields`).
//!
//! Nothing is re-serialized: an edit inserts whole lines after a block or
//! replaces one value, so comments, key order, quoting and blank lines
//! elsewhere stay byte for byte. A block is found by indentation: it runs
//! from its key's line to the last following line indented deeper than the
//! key (blank lines inside it included, trailing ones not). The spec files
//! are block-style YAML; a flow collection other than an empty `{}` is
//! refused with an error rather than edited.

use crate::locate::LineIndex;

/// One spec file being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecText {
    pub text: String,
}

/// Why an edit could not be made.
pub type EditError = String;

impl SpecText {
    pub fn new(text: impl Into<String>) -> SpecText {
        SpecText { text: text.into() }
    }

    fn index(&self) -> LineIndex {
        LineIndex::build(&self.text)
    }

    /// Whether the file has a node at exactly `path`.
    pub fn has(&self, path: &str) -> bool {
        self.index().exact(path).is_some()
    }

    /// The value at `path`, parsed (for reading notes and sources).
    pub fn value(&self, path: &str) -> Option<serde_yaml::Value> {
        let mut value: serde_yaml::Value = serde_yaml::from_str(&self.text).ok()?;
        for key in path.split('.').filter(|key| !key.is_empty()) {
            value = value.get(key)?.clone();
        }
        Some(value)
    }

    /// The string at `path`, if it is one.
    pub fn string(&self, path: &str) -> Option<String> {
        self.value(path)?.as_str().map(str::to_owned)
    }

    /// Adds `entry` (lines written at column 0; they are indented to the
    /// mapping's level) as the last entry of the mapping at `path`, creating
    /// the mapping's key in its parent first when it is missing. Returns the
    /// 1-based line of the new entry.
    pub fn insert_entry(&mut self, path: &str, entry: &str) -> Result<usize, EditError> {
        let index = self.index();
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let children = index.children(path);
        let (at, indent) = if let Some((_, (line, column))) = children.last() {
            let indent = column - 1;
            (block_end(&lines, line - 1, indent), indent)
        } else if path.is_empty() {
            (lines.len(), 0)
        } else if let Some((line, column)) = index.exact(path) {
            let key_line = lines[line - 1];
            let after_colon = value_start(key_line, column - 1)
                .ok_or_else(|| format!("`{path}` is not a `key:` line"))?;
            let value = key_line[after_colon..].trim();
            match value {
                "" => {}
                "{}" => {
                    let cut = key_line[..after_colon].trim_end().len();
                    let ending = if key_line.ends_with('\n') { "\n" } else { "" };
                    let rewritten = format!("{}{ending}", &key_line[..cut]);
                    self.replace_lines(line - 1, line, &rewritten);
                }
                _ => return Err(format!("`{path}` holds `{value}`, not a block mapping")),
            }
            let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
            (block_end(&lines, line - 1, column - 1), column - 1 + 2)
        } else {
            let (parent, key) = split_path(path);
            self.insert_entry(parent, &format!("{key}:\n"))?;
            return self.insert_entry(path, entry);
        };
        let mut block = indent_lines(entry, indent);
        if path.is_empty() && !self.text.is_empty() {
            // A new top-level section is set off by a blank line.
            if !self.text.ends_with('\n') {
                self.text.push('\n');
            }
            block.insert(0, '\n');
        }
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let before: usize = lines[..at].iter().map(|line| line.len()).sum();
        let mut text = self.text[..before].to_owned();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&block);
        text.push_str(&self.text[before..]);
        self.text = text;
        Ok(at + 1 + usize::from(path.is_empty()))
    }

    /// Appends `item` to the block sequence at `path` (`- item`). Returns
    /// the 1-based line of the new item.
    pub fn append_item(&mut self, path: &str, item: &str) -> Result<usize, EditError> {
        let index = self.index();
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let Some((_, (line, _))) = index.children(path).last().copied() else {
            return Err(format!("`{path}` is not a block sequence with items"));
        };
        let item_line = lines[line - 1];
        let indent = item_line.len() - item_line.trim_start().len();
        if !item_line.trim_start().starts_with('-') {
            return Err(format!(
                "`{path}` is a flow sequence; add the value by hand"
            ));
        }
        let at = block_end(&lines, line - 1, indent);
        let block = indent_lines(&format!("- {item}\n"), indent);
        let before: usize = lines[..at].iter().map(|line| line.len()).sum();
        let mut text = self.text[..before].to_owned();
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&block);
        text.push_str(&self.text[before..]);
        self.text = text;
        Ok(at + 1)
    }

    /// Replaces the value of the key at `path` with `value` (one line),
    /// keeping a trailing comment after a plain scalar. When the key is
    /// missing, adds it as the last entry of its mapping. Returns the
    /// 1-based line of the key.
    pub fn set_value(&mut self, path: &str, value: &str) -> Result<usize, EditError> {
        let index = self.index();
        let Some((line, column)) = index.exact(path) else {
            let (parent, key) = split_path(path);
            return self.insert_entry(parent, &format!("{key}: {value}\n"));
        };
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let key_line = lines[line - 1];
        let start = value_start(key_line, column - 1)
            .ok_or_else(|| format!("`{path}` is not a `key:` line"))?;
        let old = key_line[start..].trim_end_matches(['\n', '\r']);
        let old_value = old.trim_start();
        let comment = if old_value.starts_with(['"', '\'']) {
            ""
        } else {
            old_value
                .find(" #")
                .map_or("", |at| &old_value[old_value[..at].trim_end().len()..])
        };
        // A value continued on deeper-indented lines is replaced whole.
        let end = block_end(&lines, line - 1, column - 1);
        let ending = if lines[end - 1].ends_with('\n') {
            "\n"
        } else {
            ""
        };
        let rewritten = format!("{} {value}{comment}{ending}", &key_line[..start]);
        self.replace_lines(line - 1, end, &rewritten);
        Ok(line)
    }

    /// Removes the entry (or sequence item) at `path` with its whole block;
    /// the inverse of [`Self::insert_entry`], for tests and tools that
    /// prepare a spec with something missing.
    pub fn remove(&mut self, path: &str) -> Result<(), EditError> {
        let (line, _) = self
            .index()
            .exact(path)
            .ok_or_else(|| format!("no `{path}` in the file"))?;
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let first = lines[line - 1];
        let indent = first.len() - first.trim_start().len();
        let end = block_end(&lines, line - 1, indent);
        self.replace_lines(line - 1, end, "");
        Ok(())
    }

    /// Replaces lines `from..to` (0-based, end exclusive) with `with`.
    fn replace_lines(&mut self, from: usize, to: usize, with: &str) {
        let lines: Vec<&str> = self.text.split_inclusive('\n').collect();
        let start: usize = lines[..from].iter().map(|line| line.len()).sum();
        let end: usize = lines[..to].iter().map(|line| line.len()).sum();
        self.text.replace_range(start..end, with);
    }
}

/// `a.b.c` → (`a.b`, `c`); a top-level key has the parent `""`.
fn split_path(path: &str) -> (&str, &str) {
    path.rsplit_once('.').unwrap_or(("", path))
}

/// The byte offset just after the `:` of the key starting at byte
/// `key_column` of `line`.
fn value_start(line: &str, key_column: usize) -> Option<usize> {
    let rest = line.get(key_column..)?;
    // The key itself may be quoted and contain a colon.
    let key_len = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].find(quote)? + 2,
        _ => rest.find(':')?,
    };
    let colon = key_column + key_len + rest[key_len..].find(':')?;
    Some(colon + 1)
}

/// The index of the line after the block whose first line is `first`: the
/// following lines indented deeper than `indent`, with blank lines between
/// them; trailing blank lines and comments at `indent` or less are not part
/// of it.
fn block_end(lines: &[&str], first: usize, indent: usize) -> usize {
    let mut end = first + 1;
    for (offset, line) in lines.iter().enumerate().skip(first + 1) {
        let content = line.trim_start();
        if content.trim().is_empty() {
            continue;
        }
        if line.len() - content.len() <= indent {
            break;
        }
        end = offset + 1;
    }
    end
}

/// `text`'s lines, each indented by `indent` spaces (blank lines stay empty).
fn indent_lines(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    text.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("{pad}{line}\n")
            }
        })
        .collect()
}

/// A YAML double-quoted scalar holding `text` (JSON's escapes are YAML's).
pub fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `text` as a mapping key: plain when it is a simple word, else quoted.
pub fn key(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if plain {
        text.to_owned()
    } else {
        quote(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# head\nschemas:\n  A:\n    kind: object  # why\n    fields:\n      x:\n        type: string\n\n        description: X.\n\n  # about B\n  B:\n    kind: enum\n    values:\n      - a\n      - value: b\n        description: B.\n    fields: {}\n";

    #[test]
    fn inserts_after_the_last_entry_keeping_the_rest() {
        let mut spec = SpecText::new(TEXT);
        let line = spec
            .insert_entry("schemas.A.fields", "y:\n  type: int64\n")
            .unwrap();
        assert_eq!(line, 10);
        assert_eq!(
            spec.text,
            TEXT.replace(
                "description: X.\n",
                "description: X.\n      y:\n        type: int64\n"
            )
        );
    }

    #[test]
    fn fills_an_empty_flow_mapping_and_creates_missing_keys() {
        let mut spec = SpecText::new(TEXT);
        spec.insert_entry("schemas.B.fields", "z:\n  type: string\n")
            .unwrap();
        assert!(spec
            .text
            .ends_with("    fields:\n      z:\n        type: string\n"));
        spec.insert_entry("endpoints.get", "method: GET\n").unwrap();
        assert!(
            spec.text
                .ends_with("\nendpoints:\n  get:\n    method: GET\n"),
            "{}",
            spec.text
        );
    }

    #[test]
    fn appends_items_and_sets_values() {
        let mut spec = SpecText::new(TEXT);
        spec.append_item("schemas.B.values", "c").unwrap();
        assert!(spec
            .text
            .contains("        description: B.\n      - c\n    fields: {}\n"));
        spec.set_value("schemas.A.kind", "raw").unwrap();
        assert!(spec.text.contains("    kind: raw  # why\n"));
        spec.set_value("schemas.A.fields.x.required", "true")
            .unwrap();
        assert!(spec
            .text
            .contains("        description: X.\n        required: true\n"));
        assert_eq!(spec.string("schemas.A.kind").as_deref(), Some("raw"));
    }
}
