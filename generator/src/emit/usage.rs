//! Which schemas the API sends and which it receives: request types get
//! chained setters, and a type that is only ever sent derives `Deserialize`
//! only with the crate feature [`DESERIALIZE_PARAMS_FEATURE`].
//!
//! Why: no response holds a request type, so decoding one serves few apps,
//! and its derived `Deserialize` was a third of the crate's own compile time
//! (async-stripe's request types are not `Deserialize` either).

use std::collections::{HashMap, HashSet};

use crate::model::{ApiModel, ResolvedSchema, TypeRef};

/// The crate feature under which request-only types derive `Deserialize`.
pub const DESERIALIZE_PARAMS_FEATURE: &str = "deserialize_params";

/// How the API uses one schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Reachable from some endpoint's parameters.
    pub sent: bool,
    /// Reachable from some endpoint's response, or from no endpoint at all
    /// (a type we cannot place keeps everything).
    pub received: bool,
}

impl Usage {
    /// Only ever sent: its `Deserialize` is behind [`DESERIALIZE_PARAMS_FEATURE`].
    pub fn request_only(self) -> bool {
        self.sent && !self.received
    }
}

/// The usage of every schema of a model.
pub struct Usages {
    sent: HashSet<String>,
    received: HashSet<String>,
}

impl Usages {
    /// Follows each endpoint's parameters and response through fields,
    /// union variants and type arguments.
    pub fn of_model(model: &ApiModel) -> Self {
        let schemas: HashMap<&str, &ResolvedSchema> = model
            .modules
            .iter()
            .flat_map(|module| &module.schemas)
            .map(|schema| (schema.name(), schema))
            .collect();
        let endpoints = || model.modules.iter().flat_map(|module| &module.endpoints);
        let mut params = Vec::new();
        for endpoint in endpoints() {
            if let Some((name, _)) = &endpoint.params {
                params.push(name.clone());
            }
        }
        let mut responses = Vec::new();
        for endpoint in endpoints() {
            collect_named(&endpoint.response, &mut responses);
        }
        Usages {
            sent: reachable(&schemas, params),
            received: reachable(&schemas, responses),
        }
    }

    /// The usage of the schema `name`.
    pub fn get(&self, name: &str) -> Usage {
        let sent = self.sent.contains(name);
        Usage {
            sent,
            received: self.received.contains(name) || !sent,
        }
    }
}

fn reachable(
    schemas: &HashMap<&str, &ResolvedSchema>,
    mut pending: Vec<String>,
) -> HashSet<String> {
    let mut seen = HashSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let mut field_types = Vec::new();
        match schemas.get(name.as_str()) {
            Some(ResolvedSchema::Object(object)) => {
                field_types.extend(object.fields.iter().map(|field| &field.ty));
            }
            Some(ResolvedSchema::Union(union)) => {
                field_types.extend(union.common_fields.iter().map(|field| &field.ty));
                if let Some(tag_type) = &union.tag_type {
                    pending.push(tag_type.clone());
                }
                pending.extend(union.variants.iter().map(|variant| variant.payload.clone()));
            }
            _ => {}
        }
        for ty in field_types {
            collect_named(ty, &mut pending);
        }
    }
    seen
}

fn collect_named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name, argument) => {
            out.push(name.clone());
            if let Some(argument) = argument {
                collect_named(argument, out);
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Expandable(inner) => {
            collect_named(inner, out)
        }
        _ => {}
    }
}
