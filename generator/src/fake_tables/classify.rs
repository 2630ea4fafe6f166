//! What an endpoint does, read from its method, path and response: the fake
//! needs to know that `POST /v1/refunds` creates a refund and
//! `POST /v1/payment_intents/{id}/capture` acts on one PaymentIntent.

use std::collections::HashMap;

use crate::model::{ApiModel, HttpMethod, ResolvedEndpoint, ResolvedSchema, TypeRef};

/// The kind of operation an endpoint performs on its resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    /// `POST /v1/things`: stores a new object.
    Create,
    /// `GET /v1/things/{id}`.
    Retrieve,
    /// `POST /v1/things/{id}`: merges the parameters into the object.
    Update,
    /// `DELETE /v1/things/{id}`.
    Delete,
    /// `GET` answering a `List<T>`.
    List,
    /// `GET …/search` answering a `List<T>`, with a `query` expression.
    Search,
    /// `POST /v1/things/{id}/<verb>`.
    Action(String),
    /// Any other `GET` (a singleton such as the balance).
    Read,
}

/// Classifies `endpoint` by its method, the shape of its path and whether it
/// answers a list.
pub fn classify(endpoint: &ResolvedEndpoint) -> Operation {
    let last = endpoint.path.rsplit('/').next().unwrap_or_default();
    let last_is_param = last.starts_with('{');
    let answers_list = list_item(&endpoint.response).is_some();
    match endpoint.method {
        HttpMethod::Get if answers_list && last == "search" => Operation::Search,
        HttpMethod::Get if answers_list => Operation::List,
        HttpMethod::Get if last_is_param => Operation::Retrieve,
        HttpMethod::Get => Operation::Read,
        HttpMethod::Post if last_is_param => Operation::Update,
        HttpMethod::Post if endpoint.path_params.is_empty() => Operation::Create,
        HttpMethod::Post => Operation::Action(last.to_owned()),
        HttpMethod::Delete if last_is_param => Operation::Delete,
        HttpMethod::Delete => Operation::Action(last.to_owned()),
    }
}

/// `T` of a `List<T>` type.
pub(super) fn list_item(ty: &TypeRef) -> Option<&TypeRef> {
    match ty {
        TypeRef::Named(name, Some(item)) if name == "List" => Some(item),
        _ => None,
    }
}

/// The path of the collection an endpoint works on: `/v1/things` for
/// `/v1/things`, `/v1/things/{id}` and `/v1/things/{id}/cancel`.
fn collection_path(endpoint: &ResolvedEndpoint, operation: &Operation) -> String {
    let mut segments: Vec<&str> = endpoint.path.split('/').collect();
    let drop = match operation {
        Operation::Retrieve | Operation::Update | Operation::Delete => 1,
        Operation::Action(_) => 2,
        Operation::Create | Operation::List | Operation::Search | Operation::Read => 0,
    };
    segments.truncate(segments.len().saturating_sub(drop));
    segments.join("/")
}

/// The object schema each endpoint stores or reads (by endpoint, in model
/// order), or `None` for endpoints without one (such as the balance).
///
/// Found from, in order: the typed id of the path parameter naming the
/// object; the response when it is an object with an id; a list's item type;
/// and otherwise another endpoint on the same collection path (an endpoint
/// whose response is raw JSON, such as Retrieve a coupon, works on the
/// coupons that Create a coupon stores).
pub fn resources(model: &ApiModel) -> Vec<Option<String>> {
    let schemas = model.schemas_by_name();
    let has_id = |name: &str| match schemas.get(name) {
        Some(ResolvedSchema::Object(object)) => object.id_field().is_some(),
        _ => false,
    };
    let endpoints: Vec<&ResolvedEndpoint> = model
        .modules
        .iter()
        .flat_map(|module| &module.endpoints)
        .collect();
    let direct: Vec<(String, Option<String>)> = endpoints
        .iter()
        .map(|endpoint| {
            let operation = classify(endpoint);
            let acted_on = match operation {
                Operation::Retrieve
                | Operation::Update
                | Operation::Delete
                | Operation::Action(_) => {
                    endpoint
                        .path_params
                        .last()
                        .and_then(|param| match &param.ty {
                            TypeRef::Id(object) => Some(object.clone()),
                            _ => None,
                        })
                }
                _ => None,
            };
            let answered = match list_item(&endpoint.response).unwrap_or(&endpoint.response) {
                TypeRef::Named(name, None) if has_id(name) => Some(name.clone()),
                _ => None,
            };
            let found = acted_on.or(answered);
            (collection_path(endpoint, &operation), found)
        })
        .collect();
    let mut by_collection: HashMap<&str, &str> = HashMap::new();
    for (collection, resource) in &direct {
        if let Some(resource) = resource {
            by_collection.entry(collection).or_insert(resource);
        }
    }
    direct
        .iter()
        .map(|(collection, resource)| {
            resource.clone().or_else(|| {
                by_collection
                    .get(collection.as_str())
                    .map(|r| (*r).to_owned())
            })
        })
        .collect()
}
