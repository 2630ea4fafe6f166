//! Step 3: emit Rust tokens per concern, one output file per spec file and concern.

mod docs;
mod endpoint;
mod enumeration;
mod object;
mod types;
mod union;
mod union_embedded;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use endpoint::emit_endpoint;
pub use enumeration::emit_enum;
pub use object::emit_struct;
pub use union::emit_union;

use crate::model::{ApiModel, ResolvedModule, ResolvedSchema};

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
    sink(EmittedFile {
        path: "mod.rs".to_owned(),
        sources: all_sources.clone(),
        tokens: quote! {
            //! Everything generated from `spec/`: models, and endpoints by resource.
            pub mod endpoints;
            pub mod models;
        },
    })?;
    let model_mods: Vec<_> = with_models
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    sink(EmittedFile {
        path: "models/mod.rs".to_owned(),
        sources: all_sources.clone(),
        tokens: quote! {
            //! Model types, one module per spec file, all re-exported here.
            #(mod #model_mods;)*
            #(pub use #model_mods::*;)*
        },
    })?;
    for module in &with_models {
        sink(EmittedFile {
            path: format!("models/{}.rs", module.name),
            sources: vec![module.file.clone()],
            tokens: emit_models(module),
        })?;
    }
    let endpoint_mods: Vec<_> = with_endpoints
        .iter()
        .map(|m| format_ident!("{}", m.name))
        .collect();
    sink(EmittedFile {
        path: "endpoints/mod.rs".to_owned(),
        sources: all_sources,
        tokens: quote! {
            //! Endpoint functions, one module per spec file.
            #(pub mod #endpoint_mods;)*
        },
    })?;
    for module in &with_endpoints {
        let doc = format!(" Endpoints from `{}`.", module.file);
        let endpoints = module.endpoints.iter().map(emit_endpoint);
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

/// Every schema of one spec file, in spec order.
pub fn emit_models(module: &ResolvedModule) -> TokenStream {
    let doc = format!(" Models from `{}`.", module.file);
    let items = module.schemas.iter().map(emit_schema);
    quote! {
        #![doc = #doc]
        #(#items)*
    }
}

/// One schema of any kind.
pub fn emit_schema(schema: &ResolvedSchema) -> TokenStream {
    match schema {
        ResolvedSchema::Object(object) => emit_struct(object),
        ResolvedSchema::Enum(enumeration) => emit_enum(enumeration),
        ResolvedSchema::Union(union) => emit_union(union),
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
