//! The little language of field types: `string`, `array<PaymentMethodType>`,
//! `List<SetupIntent>`, `map<string>`.

use std::fmt;

/// A parsed type expression, not yet checked against the schemas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeExpr {
    pub name: String,
    pub argument: Option<Box<TypeExpr>>,
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(argument) = &self.argument {
            write!(f, "<{argument}>")?;
        }
        Ok(())
    }
}

/// Deeper nesting than this is surely a mistake, and recursion must stay bounded.
const MAX_DEPTH: usize = 16;

/// Parses `name` or `name<expr>`; whitespace around tokens is ignored.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    let mut parser = Parser { text, rest: text };
    let expr = parser.expr(0)?;
    parser.skip_space();
    if !parser.rest.is_empty() {
        return Err(format!(
            "unexpected `{}` after `{expr}` in the type `{text}`",
            parser.rest
        ));
    }
    Ok(expr)
}

struct Parser<'a> {
    text: &'a str,
    rest: &'a str,
}

impl Parser<'_> {
    fn skip_space(&mut self) {
        self.rest = self.rest.trim_start();
    }

    fn expr(&mut self, depth: usize) -> Result<TypeExpr, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "the type `{}` is nested more than {MAX_DEPTH} levels deep",
                self.text
            ));
        }
        self.skip_space();
        let end = self
            .rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(self.rest.len());
        if end == 0 {
            return Err(if self.text.trim().is_empty() {
                "the type is empty; use e.g. `string`, `int64` or a schema name".to_owned()
            } else {
                format!("expected a type name in `{}`", self.text)
            });
        }
        let name = self.rest[..end].to_owned();
        self.rest = &self.rest[end..];
        self.skip_space();
        let argument = if let Some(rest) = self.rest.strip_prefix('<') {
            self.rest = rest;
            let argument = self.expr(depth + 1)?;
            self.skip_space();
            self.rest = self
                .rest
                .strip_prefix('>')
                .ok_or_else(|| format!("missing `>` in the type `{}`", self.text))?;
            Some(Box::new(argument))
        } else {
            None
        };
        Ok(TypeExpr { name, argument })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested() {
        let expr = parse(" List< array<string> > ").unwrap();
        assert_eq!(expr.to_string(), "List<array<string>>");
    }

    #[test]
    fn rejects_garbage() {
        assert!(parse("").is_err());
        assert!(parse("array<string").is_err());
        assert!(parse("string>").is_err());
        assert!(parse("a b").is_err());
        assert!(parse(&"array<".repeat(100)).is_err());
    }
}
