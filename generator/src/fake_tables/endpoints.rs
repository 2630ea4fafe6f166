//! Endpoints → `static ENDPOINTS: &[Endpoint]`, in spec order, each with the
//! operation it performs and the resource it works on.

use proc_macro2::TokenStream;
use quote::quote;

use super::classify::{classify, resources, Operation};
use super::schemas::emit_ty;
use crate::model::{ApiModel, HttpMethod, ParamsLocation, TypeRef};

/// Every endpoint of the model as table rows.
pub(super) fn emit_endpoints(model: &ApiModel) -> TokenStream {
    let resources = resources(model);
    let endpoints = model.modules.iter().flat_map(|module| {
        module
            .endpoints
            .iter()
            .map(move |endpoint| (module.name.as_str(), endpoint))
    });
    let rows = endpoints
        .zip(resources)
        .map(|((module, endpoint), resource)| {
            let name = &endpoint.name;
            let method = match endpoint.method {
                HttpMethod::Get => quote!(Method::Get),
                HttpMethod::Post => quote!(Method::Post),
                HttpMethod::Delete => quote!(Method::Delete),
            };
            let path = &endpoint.path;
            let path_params = endpoint.path_params.iter().map(|param| {
                let name = &param.wire_name;
                let id_of = match &param.ty {
                    TypeRef::Id(object) => quote!(Some(#object)),
                    _ => quote!(None),
                };
                quote!(PathParam { name: #name, id_of: #id_of })
            });
            let params = match &endpoint.params {
                Some((schema, ParamsLocation::Body)) => quote!(Some((#schema, ParamsIn::Body))),
                Some((schema, ParamsLocation::Query)) => quote!(Some((#schema, ParamsIn::Query))),
                None => quote!(None),
            };
            let response = emit_ty(&endpoint.response);
            let operation = match classify(endpoint) {
                Operation::Create => quote!(Operation::Create),
                Operation::Retrieve => quote!(Operation::Retrieve),
                Operation::Update => quote!(Operation::Update),
                Operation::Delete => quote!(Operation::Delete),
                Operation::List => quote!(Operation::List),
                Operation::Search => quote!(Operation::Search),
                Operation::Action(verb) => quote!(Operation::Action(#verb)),
                Operation::Read => quote!(Operation::Read),
            };
            let resource = match resource {
                Some(resource) => quote!(Some(#resource)),
                None => quote!(None),
            };
            quote! {
                Endpoint {
                    module: #module,
                    name: #name,
                    method: #method,
                    path: #path,
                    path_params: &[#(#path_params),*],
                    params: #params,
                    response: #response,
                    operation: #operation,
                    resource: #resource,
                }
            }
        });
    quote! {
        /// Every endpoint of the spec, in spec order.
        pub(crate) static ENDPOINTS: &[Endpoint] = &[#(#rows),*];
    }
}
