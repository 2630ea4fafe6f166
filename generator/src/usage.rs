//! Which schemas travel in requests and which in responses. The emitter gives
//! request types setters, and types only ever sent derive `Deserialize` only
//! with a feature; the change report weighs a change (a field becoming
//! required) by where the type travels.

use std::collections::HashMap;

use crate::model::{ApiModel, ResolvedSchema, TypeRef};

/// Where a schema is used. A schema no endpoint reaches counts as neither.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from an endpoint's parameters.
    pub request: bool,
    /// Reachable from an endpoint's response.
    pub response: bool,
}

impl Usage {
    /// Sent, never received: no response holds it.
    pub fn request_only(self) -> bool {
        self.request && !self.response
    }
}

/// The usage of every schema reachable from an endpoint, by schema name.
pub fn schema_usage(model: &ApiModel) -> HashMap<String, Usage> {
    let schemas = model.schemas_by_name();
    let mut usage: HashMap<String, Usage> = HashMap::new();
    for endpoint in model.modules.iter().flat_map(|module| &module.endpoints) {
        if let Some((params, _)) = &endpoint.params {
            mark(&schemas, params, true, &mut usage);
        }
        for name in named_in(&endpoint.response) {
            mark(&schemas, &name, false, &mut usage);
        }
    }
    usage
}

/// Marks `start` and every schema it reaches as used in requests (or
/// responses). Walks with an explicit stack: schemas may be recursive.
fn mark(
    schemas: &HashMap<&str, &ResolvedSchema>,
    start: &str,
    request: bool,
    usage: &mut HashMap<String, Usage>,
) {
    let mut stack = vec![start.to_owned()];
    while let Some(name) = stack.pop() {
        let entry = usage.entry(name.clone()).or_default();
        let seen = if request {
            std::mem::replace(&mut entry.request, true)
        } else {
            std::mem::replace(&mut entry.response, true)
        };
        if seen {
            continue;
        }
        match schemas.get(name.as_str()) {
            Some(ResolvedSchema::Object(object)) => {
                for field in &object.fields {
                    stack.extend(named_in(&field.ty));
                }
            }
            Some(ResolvedSchema::Union(union)) => {
                for field in &union.common_fields {
                    stack.extend(named_in(&field.ty));
                }
                stack.extend(union.tag_type.iter().cloned());
                stack.extend(union.variants.iter().map(|v| v.payload.clone()));
            }
            Some(ResolvedSchema::Enum(_) | ResolvedSchema::Raw { .. }) | None => {}
        }
    }
}

/// The schema names a type expression mentions, type arguments included.
fn named_in(ty: &TypeRef) -> Vec<String> {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => named_in(inner),
        TypeRef::Named(name, argument) => {
            let mut names = vec![name.clone()];
            if let Some(argument) = argument {
                names.extend(named_in(argument));
            }
            names
        }
        TypeRef::String
        | TypeRef::Boolean
        | TypeRef::Int32
        | TypeRef::Int64
        | TypeRef::Timestamp
        | TypeRef::Float64
        | TypeRef::StringEncoded(_)
        | TypeRef::Json
        // An id is sent as a string; its object is not part of the request.
        | TypeRef::Id(_)
        | TypeRef::Param(_) => Vec::new(),
    }
}
