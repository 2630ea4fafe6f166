//! The JSON type a reference page states on a field's type line
//! (`string`, `array[enum<string>]`, `object (Next Action)`), read in one
//! pass with a bound on nesting.

use std::fmt;

use serde_json::Value;

/// The deepest nesting of `array[...]` and `enum<...>` a type line may
/// have. Real pages use two levels at most (`array[enum<string>]`).
pub const MAX_TYPE_NESTING: usize = 8;

/// A JSON type as a page states it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageType {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    /// With the element type when the page gives one.
    Array(Option<Box<PageType>>),
    /// Only in examples: a JSON `null`.
    Null,
}

impl PageType {
    /// Parses a field list's type line: `string `, `object (Next Action)`,
    /// `array[string]`, `enum<string>`, `string <date-time>`...
    /// Returns `None` for a line that is not a type line, including one
    /// whose `array[...]`/`enum<...>` wrappers nest deeper than
    /// [`MAX_TYPE_NESTING`].
    ///
    /// The wrappers are peeled in a loop, each in constant time, so a line
    /// costs time linear in its length whatever its nesting (a recursive
    /// descent that re-scanned the rest of the line at each level took
    /// minutes on a few megabytes of `array[`).
    pub fn parse(line: &str) -> Option<PageType> {
        let line = line.trim();
        // Drop annotations after the type word: ` (Next Action)`, ` <uri>`.
        // Saved pages often separate them with a no-break space.
        let mut word = line
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or_default();
        let mut arrays = 0;
        for _ in 0..=MAX_TYPE_NESTING {
            if let Some(inner) = word
                .strip_prefix("array[")
                .and_then(|rest| rest.strip_suffix(']'))
            {
                arrays += 1;
                word = inner;
            } else if let Some(inner) = word
                .strip_prefix("enum<")
                .and_then(|rest| rest.strip_suffix('>'))
            {
                word = inner;
            } else {
                let mut ty = match word {
                    "string" => PageType::String,
                    "integer" => PageType::Integer,
                    "number" => PageType::Number,
                    "boolean" => PageType::Boolean,
                    "object" => PageType::Object,
                    "array" => PageType::Array(None),
                    "null" => PageType::Null,
                    _ => return None,
                };
                for _ in 0..arrays {
                    ty = PageType::Array(Some(Box::new(ty)));
                }
                return Some(ty);
            }
        }
        None
    }

    /// The type of a value in a JSON example. An array's element type is
    /// its first element's.
    pub fn of_json(value: &Value) -> PageType {
        match value {
            Value::Null => PageType::Null,
            Value::Bool(_) => PageType::Boolean,
            Value::Number(number) if number.is_f64() => PageType::Number,
            Value::Number(_) => PageType::Integer,
            Value::String(_) => PageType::String,
            Value::Array(items) => {
                PageType::Array(items.first().map(|item| Box::new(PageType::of_json(item))))
            }
            Value::Object(_) => PageType::Object,
        }
    }

    /// Whether a field list entry of this type can have child entries.
    pub fn has_members(&self) -> bool {
        match self {
            PageType::Object => true,
            PageType::Array(Some(item)) => item.has_members(),
            _ => false,
        }
    }
}

impl fmt::Display for PageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageType::String => f.write_str("string"),
            PageType::Integer => f.write_str("integer"),
            PageType::Number => f.write_str("number"),
            PageType::Boolean => f.write_str("boolean"),
            PageType::Object => f.write_str("object"),
            PageType::Array(None) => f.write_str("array"),
            PageType::Array(Some(item)) => write!(f, "array[{item}]"),
            PageType::Null => f.write_str("null"),
        }
    }
}
