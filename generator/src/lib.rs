//! The WooshPay SDK generator: `spec/*.yaml` → the `wooshpay` crate's models
//! and endpoint functions.
//!
//! The pipeline, one module per step:
//! 1. [`load`]: read files and parse YAML into the [`raw`] spec types;
//! 2. [`resolve`]: validate everything and resolve it into the [`model`],
//!    then [`examples`] attaches the documented JSON examples, checked
//!    against the members the model makes always present;
//! 3. [`emit`]: turn the model into tokens, per concern (objects, enums,
//!    unions, endpoints);
//! 4. [`format`](mod@format): parse with `syn`, print with `prettyplease`, add the header.
//!
//! Beside the Rust code, [`openapi`] renders the same model as an OpenAPI
//! 3.0.3 document, [`docs_check`] compares saved reference pages with the
//! model, and [`changes`] reports what changed between two models.
//!
//! Nothing is written to disk here: [`generate`] returns the files, so a
//! caller can compare, check, or write them all-or-nothing.

pub mod boxed_members;
pub mod changes;
pub mod coverage;
pub mod diagnostic;
pub mod docs_check;
pub mod emit;
pub mod examples;
pub mod fake_tables;
pub mod features;
pub mod format;
pub mod load;
mod locate;
pub mod model;
pub mod names;
pub mod openapi;
pub mod raw;
pub mod recursion;
pub mod resolve;
pub mod sync;
mod typeexpr;
pub mod typeref;
pub mod usage;
pub mod validate_names;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use load::{read_spec_dir, SpecSource};

/// One generated file: a path and its text.
///
/// [`generate`] gives paths relative to the generated Rust folder
/// (`models/setup_intents.rs`); [`sync::generate_workspace`] gives paths
/// relative to the workspace root (`generated/src/generated/models/setup_intents.rs`,
/// `generated/openapi.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Where the file goes, with `/` separators.
    pub path: String,
    /// The file's full text.
    pub contents: String,
}

/// Why generation failed.
#[derive(Debug)]
pub enum GenerateError {
    /// The spec is wrong: a maintainer must fix these.
    Spec(Diagnostics),
    /// The generator produced invalid Rust: a bug in the generator.
    Internal(String),
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GenerateError::Spec(diagnostics) => write!(f, "{diagnostics}"),
            GenerateError::Internal(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Parses and validates `sources` into the model, reporting every problem.
pub fn build_model(sources: &[SpecSource]) -> Result<model::ApiModel, Diagnostics> {
    let mut diagnostics = Vec::new();
    let mut parsed = Vec::new();
    let (examples, specs): (Vec<&SpecSource>, Vec<&SpecSource>) = sources
        .iter()
        .partition(|source| examples::is_example(&source.path));
    for source in specs {
        match load::parse(source) {
            Ok(file) => parsed.push(file),
            Err(found) => diagnostics.extend(found),
        }
    }
    // Resolving files that parsed still finds their errors, but a reference
    // into an unparsable file would be a false alarm: stop here instead.
    if !diagnostics.is_empty() {
        return Err(Diagnostics(diagnostics));
    }
    let mut model = resolve::resolve(&parsed).map_err(Diagnostics)?;
    let diagnostics = examples::attach(&parsed, &examples, &mut model);
    if diagnostics.is_empty() {
        Ok(model)
    } else {
        Err(Diagnostics(diagnostics))
    }
}

/// The whole pipeline: spec sources in, formatted files out.
pub fn generate(sources: &[SpecSource]) -> Result<Vec<GeneratedFile>, GenerateError> {
    let model = build_model(sources).map_err(GenerateError::Spec)?;
    generate_from_model(&model)
}

/// Steps 3 and 4 alone: the formatted Rust files of an already built model.
pub fn generate_from_model(model: &model::ApiModel) -> Result<Vec<GeneratedFile>, GenerateError> {
    let mut files = Vec::new();
    // Formatting each file as it is emitted keeps one file's tokens alive at a time.
    emit::emit_each(model, |file| {
        let contents =
            format::format_file(file.tokens, &file.sources).map_err(GenerateError::Internal)?;
        files.push(GeneratedFile {
            path: file.path,
            contents,
        });
        Ok(())
    })?;
    Ok(files)
}
