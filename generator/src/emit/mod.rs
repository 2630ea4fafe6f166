//! Step 3: emit Rust tokens per concern, one output file per spec file and concern.

mod builder;
mod decode;
mod docs;
mod endpoint;
mod enumeration;
mod id;
mod object;
mod types;
mod union;
mod union_embedded;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use endpoint::emit_endpoint;
pub use enumeration::emit_enum;
pub use object::emit_struct;
pub use object::DESERIALIZE_PARAMS_FEATURE;
pub use union::emit_union;

pub(crate) use types::rust_type_under;

use std::collections::HashMap;

use crate::model::{ApiModel, ResolvedModule, ResolvedSchema};
use crate::usage::{schema_usage, Usage};

/// One output file before formatting: its path below the generated folder,
/// the spec files it comes from (for the header), and its tokens.
pub struct EmittedFile {
    pub path: String,
    pub sources: Vec<String>,
    pub tokens: TokenStream,
}

/// Every file the model produces, in a fixed order.
pub fn emit(model: &ApiModel) -> Vec<EmittedFile> {
    let mut files = Vec::new();
    let _ = emit_each(model, |file| -> Result<(), std::convert::Infallible> {
        files.push(file);
        Ok(())
    });
    files
}

/// Like [`emit`], but hands each file to `sink` as soon as its tokens exist,
/// so a caller that formats them right away holds one file's tokens at a time
/// (half the peak memory on a very large spec). Stops at `sink`'s first error.
pub fn emit_each<E>(
    model: &ApiModel,
    mut sink: impl FnMut(EmittedFile) -> Result<(), E>,
) -> Result<(), E> {
    let all_sources: Vec<String> = model.modules.iter().map(|m| m.file.clone()).collect();
    let with_models: Vec<&ResolvedModule> = model
        .modules
        .iter()
        .filter(|m| !m.schemas.is_empty())
        .collect();
    let with_endpoints: Vec<&ResolvedModule> = model
        .modules
        .iter()
        .filter(|m| !m.endpoints.is_empty())
        .collect();
    let has_ids = model
        .modules
        .iter()
        .flat_map(|module| &module.schemas)
        .any(|schema| matches!(schema, ResolvedSchema::Object(object) if object.id_type_name().is_some()));
    let ids_mod = has_ids.then(|| {
        quote!(
            pub mod ids;
        )
    });
    let ids_use = has_ids.then(|| {
        quote!(
            pub use super::ids::*;
        )
    });
    sink(EmittedFile {
        path: "mod.rs".to_owned(),
        sources: all_sources.clone(),
        tokens: quote! {
            //! Everything generated from `spec/`: models, and endpoints by resource.
            pub mod endpoints;
            #ids_mod
            pub mod models;
        },
    })?;
    if has_ids {
        sink(EmittedFile {
            path: "ids.rs".to_owned(),
            sources: all_sources.clone(),
            tokens: id::emit_id_types(model),
        })?;
    }
    let model_mods: Vec<_> = with_models
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    let model_gates: Vec<_> = with_models.iter().map(|m| feature_gate(&m.name)).collect();
    let mut object_names: Vec<&str> = model
        .modules
        .iter()
        .flat_map(|module| &module.schemas)
        .filter_map(|schema| match schema {
            ResolvedSchema::Object(object) => object.object_name.as_deref(),
            _ => None,
        })
        .collect();
    object_names.sort_unstable();
    object_names.dedup();
    sink(EmittedFile {
        path: "models/mod.rs".to_owned(),
        sources: all_sources.clone(),
        tokens: quote! {
            //! Model types, one module per spec file, all re-exported here.
            #ids_use
            #(#model_gates mod #model_mods;)*
            #(#model_gates pub use #model_mods::*;)*

            /// The `object` value of every object the spec names, so that a
            /// response naming another kind of object is not taken for the one expected.
            pub(crate) const OBJECT_NAMES: &[&str] = &[#(#object_names),*];
        },
    })?;
    let usages = schema_usage(model);
    for module in &with_models {
        sink(EmittedFile {
            path: format!("models/{}.rs", module.name),
            sources: vec![module.file.clone()],
            tokens: emit_models(module, &usages),
        })?;
    }
    let endpoint_mods: Vec<_> = with_endpoints
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    let endpoint_gates: Vec<_> = with_endpoints
        .iter()
        .map(|m| feature_gate(&m.name))
        .collect();
    sink(EmittedFile {
        path: "endpoints/mod.rs".to_owned(),
        sources: all_sources,
        tokens: quote! {
            //! Endpoint functions, one module per spec file.
            #(#endpoint_gates pub mod #endpoint_mods;)*
        },
    })?;
    for module in &with_endpoints {
        let doc = format!(" Endpoints from `{}`.", module.file);
        let endpoints = module
            .endpoints
            .iter()
            .map(|endpoint| emit_endpoint(&module.name, endpoint));
        sink(EmittedFile {
            path: format!("endpoints/{}.rs", module.name),
            sources: vec![module.file.clone()],
            tokens: quote! {
                #![doc = #doc]
                #(#endpoints)*
            },
        })?;
    }
    Ok(())
}

/// `#[cfg(feature = "<module>")]` for the items of a gated spec file
/// (see [`crate::features`]).
fn feature_gate(module: &str) -> Option<TokenStream> {
    crate::features::is_gated(module).then(|| {
        quote! {
            #[cfg(feature = #module)]
        }
    })
}

/// Every schema of one spec file, in spec order; `usages` says which are
/// sent and which received (see [`schema_usage`]).
pub fn emit_models(module: &ResolvedModule, usages: &HashMap<String, Usage>) -> TokenStream {
    let doc = format!(" Models from `{}`.", module.file);
    let items = module.schemas.iter().map(|schema| {
        let usage = usages.get(schema.name()).copied().unwrap_or_default();
        emit_schema(schema, usage)
    });
    quote! {
        #![doc = #doc]
        #(#items)*
    }
}

/// One schema of any kind.
pub fn emit_schema(schema: &ResolvedSchema, usage: Usage) -> TokenStream {
    match schema {
        ResolvedSchema::Object(object) => emit_struct(object, usage),
        ResolvedSchema::Enum(enumeration) => emit_enum(enumeration),
        ResolvedSchema::Union(union) => emit_union(union, usage),
        ResolvedSchema::Raw { name, docs } => {
            let name = format_ident!("{}", name);
            let docs = docs::doc_attrs(docs);
            quote! {
                #docs
                ///
                /// Not transcribed yet: kept as a raw JSON object.
                pub type #name = crate::RawObject;
            }
        }
    }
}
