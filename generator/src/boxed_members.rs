//! Optional members that hold an object (a struct) by value are boxed in
//! the types a response carries.
//!
//! Such a member is usually absent (`last_payment_error`, `next_action`,
//! `shipping`), yet unboxed it costs its whole nested struct in every value
//! of its parent: a `PaymentIntent` held 2 KiB inline for ~600 bytes of
//! JSON, so a page at the size cap decoded to several times its size.
//! Boxed, an absent member costs one pointer, and a present one reads the
//! same (`intent.shipping.as_ref().map(|s| &s.name)`). The rule depends only
//! on the member's own spec (optional, object type, in a type only received), so
//! a change elsewhere in the spec never flips a field's Rust type.
//!
//! Unions are left unboxed: they are matched on (`Some(NextAction::…)`,
//! `Some(EventObject::PaymentIntent(…))`), which a box would get in the way
//! of, and each is no larger than its largest variant.
//!
//! Types that are also sent are left unboxed: a user builds them by hand,
//! often as struct literals, where a box is only in the way.

use std::collections::HashSet;

use crate::model::{ApiModel, ResolvedSchema, TypeRef};
use crate::usage::schema_usage;

/// Sets `boxed` on every optional member of a type only ever received whose
/// type is an object.
pub fn box_optional_objects(model: &mut ApiModel) {
    let usage = schema_usage(model);
    let objects: HashSet<String> = model
        .modules
        .iter()
        .flat_map(|module| &module.schemas)
        .filter(|schema| matches!(schema, ResolvedSchema::Object(_)))
        .map(|schema| schema.name().to_owned())
        .collect();
    for schema in model.modules.iter_mut().flat_map(|m| &mut m.schemas) {
        let received_only = usage
            .get(schema.name())
            .is_some_and(|usage| usage.response && !usage.request);
        if !received_only {
            continue;
        }
        let fields = match schema {
            ResolvedSchema::Object(object) => &mut object.fields,
            ResolvedSchema::Union(union) => &mut union.common_fields,
            _ => continue,
        };
        for field in fields.iter_mut().filter(|field| field.optional) {
            if let TypeRef::Named(name, _) = &field.ty {
                if objects.contains(name) {
                    field.boxed = true;
                }
            }
        }
    }
}
