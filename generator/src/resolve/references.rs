//! The reference check: a plain `string` that holds the id of an object with
//! a typed id should be `id<T>` (or `expandable<T>`), so that the API is one
//! connected graph (`.customer(&customer.id)` compiles) and an id of the
//! wrong kind of object does not.

use heck::ToSnakeCase;

use super::*;

impl Context {
    /// Reports `ty` when it is a `string` (or `array<string>`) whose name or
    /// description says it holds the id of an object with `id_prefix`, unless
    /// `untyped_id` gives a reason; and reports a reason the check does not need.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn check_reference(
        &mut self,
        file: &ParsedFile,
        path: &str,
        owner: Option<&str>,
        wire: &str,
        description: &str,
        ty: &TypeRef,
        untyped_id: Option<&str>,
    ) {
        let is_string = matches!(ty, TypeRef::String)
            || matches!(ty, TypeRef::Array(item) if **item == TypeRef::String);
        let target = if is_string {
            self.referenced_object(owner, wire, description)
        } else {
            None
        };
        match (target, untyped_id) {
            (Some(target), None) => {
                let (typed, expandable) = if matches!(ty, TypeRef::Array(_)) {
                    (format!("array<id<{target}>>"), format!("array<expandable<{target}>>"))
                } else {
                    (format!("id<{target}>"), format!("expandable<{target}>"))
                };
                self.error(file, &format!("{path}.type"), format!("this string holds the id of a `{target}`, by its name or description; type it `{typed}` (or `{expandable}` in a response), or say why it stays a string with `untyped_id: <reason>`"));
            }
            (None, Some(_)) => self.error(
                file,
                &format!("{path}.untyped_id"),
                "`untyped_id` explains why a string that names an object with a typed id stays a string; this field is not one, so remove it",
            ),
            (Some(_), Some(reason)) if reason.trim().is_empty() => self.error(
                file,
                &format!("{path}.untyped_id"),
                "`untyped_id` needs a reason: why does this id stay a plain string?",
            ),
            _ => {}
        }
    }

    /// The object with a typed id that a member named `wire` refers to:
    /// named after it (`customer`, `customer_id`, `default_payment_method`),
    /// or described as its identifier ("identifier of the PaymentIntent").
    /// An object's own `id` refers to nothing else.
    fn referenced_object(
        &self,
        owner: Option<&str>,
        wire: &str,
        description: &str,
    ) -> Option<String> {
        if wire == "id" && owner.is_some_and(|owner| self.with_id.contains_key(owner)) {
            return None;
        }
        let described = normalize(description);
        let member = wire.strip_suffix("_id").unwrap_or(wire);
        let mut objects: Vec<&String> = self.with_id.keys().collect();
        // Deterministic, and the longest name first: `setup_intent` before `intent`-like overlaps.
        objects.sort_by_key(|name| (std::cmp::Reverse(name.len()), name.as_str()));
        objects
            .into_iter()
            .find(|object| {
                let snake = object.to_snake_case();
                member == snake
                    || member.ends_with(&format!("_{snake}"))
                    || describes_id_of(&described, &snake)
            })
            .cloned()
    }
}

/// Lower case, with backticks dropped and `_` read as a space.
fn normalize(text: &str) -> String {
    let text: String = text
        .chars()
        .filter(|c| *c != '`')
        .map(|c| {
            if c == '_' {
                ' '
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    format!(
        " {} ",
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// Whether `described` (normalized) calls the value the identifier of an
/// object whose snake_case name is `snake`: "identifier of the payment
/// intent", "id of a paymentintent", "the customer's id".
fn describes_id_of(described: &str, snake: &str) -> bool {
    let spaced = snake.replace('_', " ");
    let joined = snake.replace('_', "");
    // Most descriptions never name the object: rule those out before
    // trying every phrasing (this runs for each string field and object).
    [spaced, joined]
        .iter()
        .filter(|name| described.contains(name.as_str()))
        .any(|name| {
            let before = [
                "",
                "the ",
                "a ",
                "an ",
                "this ",
                "that ",
                "its ",
                "an existing ",
                "the existing ",
            ];
            let after_name = [" ", ".", ",", ";", ":", ")"];
            ["identifier of ", "id of "].iter().any(|lead| {
                before.iter().any(|article| {
                    after_name
                        .iter()
                        .any(|end| described.contains(&format!(" {lead}{article}{name}{end}")))
                })
            }) || [" identifier", " id", "'s identifier", "'s id"]
                .iter()
                .any(|tail| {
                    after_name
                        .iter()
                        .any(|end| described.contains(&format!(" {name}{tail}{end}")))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_descriptions_of_ids() {
        let says = |text: &str, snake: &str| describes_id_of(&normalize(text), snake);
        assert!(says(
            "Identifier of the PaymentIntent that was refunded.",
            "payment_intent"
        ));
        assert!(says("The `payment_intent` id.", "payment_intent"));
        assert!(says("The customer's id", "customer"));
        assert!(says("id of an existing price", "price"));
        assert!(!says("The merchant's order id.", "customer"));
        assert!(!says(
            "Identifier of the customer's address line.",
            "customer_address"
        ));
        assert!(!says("Keep only charges of this customer.", "customer"));
        assert!(!says("Identifier of the customers group.", "customer"));
    }
}
