//! Endpoints → one function per operation, returning an `ApiCall`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_lines};
use super::types::rust_type;
use crate::model::{HttpMethod, ParamsLocation, ResolvedEndpoint};

/// `pub fn name(client, path params..., params) -> ApiCall<Response>`.
pub fn emit_endpoint(endpoint: &ResolvedEndpoint) -> TokenStream {
    let name = format_ident!("{}", endpoint.name);
    let docs = doc_attrs(&endpoint.docs);
    let (method, method_name) = match endpoint.method {
        HttpMethod::Get => (quote!(Get), "GET"),
        HttpMethod::Post => (quote!(Post), "POST"),
        HttpMethod::Delete => (quote!(Delete), "DELETE"),
    };
    let route = doc_lines(&format!("\n`{method_name} {}`", endpoint.path));
    let response = rust_type(&endpoint.response);
    let path_args: Vec<_> = endpoint
        .path_params
        .iter()
        .map(|param| format_ident!("{}", param.rust_name))
        .collect();
    let path = if path_args.is_empty() {
        let path = &endpoint.path;
        quote!(String::from(#path))
    } else {
        let mut template = endpoint.path.clone();
        for param in &endpoint.path_params {
            template = template.replace(&format!("{{{}}}", param.wire_name), "{}");
        }
        quote!(format!(#template, #(crate::encode_path_segment(#path_args)),*))
    };
    let arg_docs = endpoint.path_params.iter().map(|param| {
        doc_lines(&format!(
            "- `{}`: {}",
            param.rust_name, param.docs.description
        ))
    });
    let arg_header = (!endpoint.path_params.is_empty()).then(|| doc_lines("\nArguments:"));
    let (params_arg, params_call) = match &endpoint.params {
        None => (None, None),
        Some((schema, location)) => {
            let schema = format_ident!("{}", schema);
            let call = match location {
                ParamsLocation::Body => quote!(.with_body(params)),
                ParamsLocation::Query => quote!(.with_query(params)),
            };
            (Some(quote!(params: &crate::#schema)), Some(call))
        }
    };
    quote! {
        #docs
        #route
        #arg_header
        #(#arg_docs)*
        pub fn #name<'c>(
            client: &'c crate::Client,
            #(#path_args: &str,)*
            #params_arg
        ) -> crate::ApiCall<'c, #response> {
            crate::ApiCall::new(client, crate::Method::#method, #path)
                #params_call
        }
    }
}
