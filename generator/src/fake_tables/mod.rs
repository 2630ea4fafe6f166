//! The tables the `wooshpay-test` fake server runs on, rendered from the
//! model: every endpoint (route, parameter location, what it does to which
//! resource) and every schema (fields with their types and required flags,
//! enum values, union variants, id prefixes, object names).
//!
//! The fake interprets these tables instead of hand-written handlers, so it
//! answers every endpoint the client has, validates requests as the spec
//! says, and cannot drift from the client: both come from the same model.
//! The output is one Rust file of `static` data, [`FAKE_TABLES_PATH`], and
//! a map from each endpoint to the client's type for its answer, for tests
//! that decode answers as the client does.

mod classify;
mod endpoints;
mod response_types;
mod schemas;

use quote::quote;

use crate::model::ApiModel;
use crate::GeneratedFile;

pub use classify::{classify, Operation};

/// Where the tables go, relative to the workspace root.
pub const FAKE_TABLES_PATH: &str = "wooshpay-test/src/tables.rs";

/// The fake's crate manifest: a workspace without it (a scratch workspace of
/// only a spec) gets no tables.
pub const FAKE_MANIFEST_PATH: &str = "wooshpay-test/Cargo.toml";

/// The formatted tables file for `model`, with the `@generated` header.
/// An error is a generator bug (the tokens did not parse).
pub fn file(model: &ApiModel) -> Result<GeneratedFile, String> {
    let schemas = schemas::emit_schemas(model);
    let endpoints = endpoints::emit_endpoints(model);
    let response_types = response_types::emit_response_types(model);
    let tokens = quote! {
        //! What the fake knows about the API: every schema and endpoint of
        //! the spec, as data. Read by `spec.rs`; never edited by hand.

        use crate::spec::{
            Endpoint, Field, Method, ObjectSchema, Operation, ParamsIn, PathParam, Schema, Ty,
            UnionSchema, UnionStyle, Variant,
        };

        #schemas
        #endpoints
        #response_types
    };
    let sources: Vec<String> = model.modules.iter().map(|m| m.file.clone()).collect();
    let contents = crate::format::format_file(tokens, &sources)?;
    Ok(GeneratedFile {
        path: FAKE_TABLES_PATH.to_owned(),
        contents,
    })
}
