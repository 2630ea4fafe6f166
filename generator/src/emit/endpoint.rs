//! Endpoints → one function per operation, returning an `ApiCall`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_code_lines, doc_lines};
use super::types::rust_type;
use crate::model::{HttpMethod, ParamsLocation, ResolvedEndpoint, TypeRef};

/// `pub fn name(client, path params..., params) -> ApiCall<Response>`.
/// `module` is the endpoint's module, for the example in its docs.
pub fn emit_endpoint(module: &str, endpoint: &ResolvedEndpoint) -> TokenStream {
    let name = format_ident!("{}", endpoint.name);
    let docs = doc_attrs(&endpoint.docs);
    let (method, method_name) = match endpoint.method {
        HttpMethod::Get => (quote!(Get), "GET"),
        HttpMethod::Post => (quote!(Post), "POST"),
        HttpMethod::Delete => (quote!(Delete), "DELETE"),
    };
    let route = doc_lines(&format!("\n`{method_name} {}`", endpoint.path));
    let response = rust_type(&endpoint.response);
    // An endpoint that may answer `{}` returns `None` for it; anything else
    // still decodes as the response object, strictly on its identity.
    let (response, empty_object, empty_docs) = match &endpoint.response_may_be_empty {
        Some(reason) => (
            quote!(Option<#response>),
            Some(quote!(.empty_object_as_none())),
            Some(doc_lines(&format!(
                "\nReturns `None` when WooshPay answers an empty object `{{}}` instead of the {}: {reason}",
                response_name(&endpoint.response)
            ))),
        ),
        None => (response, None, None),
    };
    let path_args: Vec<_> = endpoint
        .path_params
        .iter()
        .map(|param| format_ident!("{}", param.rust_name))
        .collect();
    // Typed ids take `impl Into<Id>`: a string literal or `&id` converts, an
    // id of another object does not.
    let path_types: Vec<_> = endpoint
        .path_params
        .iter()
        .map(|param| match &param.ty {
            TypeRef::String => quote!(&str),
            other => {
                let ty = rust_type(other);
                quote!(impl Into<#ty>)
            }
        })
        .collect();
    let conversions = endpoint.path_params.iter().filter_map(|param| {
        let name = format_ident!("{}", param.rust_name);
        matches!(param.ty, TypeRef::Id(_)).then(|| {
            let ty = rust_type(&param.ty);
            quote!(let #name: #ty = #name.into();)
        })
    });
    // A path with parameters names its template, for traces without ids.
    let template = (!path_args.is_empty()).then(|| {
        let template = &endpoint.path;
        quote!(.path_template(#template))
    });
    let path = if path_args.is_empty() {
        let path = &endpoint.path;
        quote!(String::from(#path))
    } else {
        let mut template = endpoint.path.clone();
        for param in &endpoint.path_params {
            template = template.replace(&format!("{{{}}}", param.wire_name), "{}");
        }
        // Typed ids were converted to owned ids above and are borrowed here;
        // plain string parameters already are `&str`.
        let segments = endpoint.path_params.iter().map(|param| {
            let name = format_ident!("{}", param.rust_name);
            match param.ty {
                TypeRef::Id(_) => quote!(crate::encode_path_segment(&#name)),
                _ => quote!(crate::encode_path_segment(#name)),
            }
        });
        quote!(format!(#template, #(#segments),*))
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
    let pagination = is_list(&endpoint.response).then(|| {
        doc_lines("\nAwait the call for one page, or turn it into a stream of every item, page after page, with `.into_stream()`.")
    });
    let example = doc_code_lines(&example(module, endpoint));
    // `#[inline]`: an endpoint function (and the encoding of its parameters)
    // is then compiled in the app that calls it, not in every clean build of
    // the crate; an app using a few endpoints compiles only those.
    quote! {
        #docs
        #route
        #arg_header
        #(#arg_docs)*
        #pagination
        #empty_docs
        #example
        #[inline]
        pub fn #name<'c>(
            client: &'c crate::Client,
            #(#path_args: #path_types,)*
            #params_arg
        ) -> crate::ApiCall<'c, #response> {
            #(#conversions)*
            crate::ApiCall::new(client, crate::Method::#method, #path)
                #template
                #params_call
                #empty_object
        }
    }
}

/// The response type as the docs name it (`PaymentIntent`).
fn response_name(response: &TypeRef) -> String {
    match response {
        TypeRef::Named(name, None) => format!("`{name}`"),
        _ => "response".to_owned(),
    }
}

fn is_list(response: &TypeRef) -> bool {
    matches!(response, TypeRef::Named(name, Some(_)) if name == "List")
}

/// A `no_run` example of the call. Its inputs are arguments of a hidden
/// function, so it compiles whatever the parameters' required fields are.
fn example(module: &str, endpoint: &ResolvedEndpoint) -> String {
    let mut inputs = vec!["client: &wooshpay::Client".to_owned()];
    let mut arguments = vec!["client".to_owned()];
    for param in &endpoint.path_params {
        arguments.push(format!("\"{}\"", param.example));
    }
    if let Some((schema, _)) = &endpoint.params {
        inputs.push(format!("params: &wooshpay::{schema}"));
        arguments.push("params".to_owned());
    }
    let call = format!(
        "wooshpay::{module}::{}({})",
        endpoint.name,
        arguments.join(", ")
    );
    let body = if is_list(&endpoint.response) {
        format!("use wooshpay::StreamExt;\n\nlet page = {call}.await?;\nprintln!(\"{{}} on this page\", page.data.len());\n\nlet mut items = {call}.into_stream();\nwhile let Some(item) = items.next().await {{\n    let _item = item?;\n}}")
    } else {
        format!("let response = {call}.await?;\n# let _ = response;")
    };
    format!(
        "\n# Example\n\n```no_run\n# async fn example({}) -> Result<(), wooshpay::Error> {{\n{body}\n# Ok(())\n# }}\n```",
        inputs.join(", ")
    )
}
