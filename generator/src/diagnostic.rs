//! Errors about the spec, pointing at the file, the spec path and the line.

use std::fmt;
use std::path::PathBuf;

/// One problem found in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as given to the loader (e.g. `spec/setup_intents.yaml`).
    pub file: PathBuf,
    /// The dotted path inside the file, e.g. `schemas.SetupIntent.fields.status.type`.
    /// Empty when the problem concerns the whole file.
    pub spec_path: String,
    /// 1-based line and column, where known.
    pub location: Option<(usize, usize)>,
    /// What is wrong and, where possible, how to fix it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    // `file:line:col: error: message` is what editors and terminals jump to.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some((line, col)) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        // Spec text quoted in a message or path (a YAML key with a line
        // break) must not break the one-line `file:line:col: error:` format.
        write!(f, ": error: {}", one_line(&self.message))?;
        if !self.spec_path.is_empty() {
            write!(f, " (at `{}`)", one_line(&self.spec_path))?;
        }
        Ok(())
    }
}

/// `text` with control characters escaped (`\n`, `\u{7}`).
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Every problem found in one run; generation stops only after collecting them all.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{} in the spec", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

/// Caps a message or path so a pathological spec (a 1 MiB type name, 200
/// levels of nesting) cannot produce a pathological error.
pub(crate) fn shorten(text: &str) -> String {
    const LIMIT: usize = 400;
    if text.len() <= LIMIT {
        return text.to_owned();
    }
    let cut = (0..=LIMIT)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    format!("{}… ({} bytes in all)", &text[..cut], text.len())
}
