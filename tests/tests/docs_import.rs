//! docs-check and `--fix` read the docs site's OpenAPI export of a page as
//! well as a page saved as text. Tested with the project's own
//! `generated/openapi.json`: each operation is cut out as a one-endpoint
//! export (YAML, as the docs site publishes them), and
//!
//! - checked against the spec it came from, it shows no difference;
//! - imported into a copy of the spec without that endpoint, `--fix`
//!   restores it: the model is the same as before, but for the drafted
//!   descriptions, and the rest of the file is unchanged.

use std::path::Path;

use generator::docs_check::{self, fix, yaml_edit::SpecText};
use generator::model::ApiModel;
use generator::SpecSource;
use serde_json::{json, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn spec() -> Vec<SpecSource> {
    generator::read_spec_dir(&root().join("spec"))
        .unwrap()
        .into_iter()
        .map(|source| SpecSource {
            path: source.path.strip_prefix(root()).unwrap().to_path_buf(),
            contents: source.contents,
        })
        .collect()
}

fn openapi() -> Value {
    let text = std::fs::read_to_string(root().join("generated/openapi.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every operation: (operationId, one-endpoint export as YAML).
fn exports() -> Vec<(String, String)> {
    let document = openapi();
    let mut exports = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap().to_owned();
            let export = json!({
                "openapi": "3.0.1",
                "info": {"title": "", "version": "1.0.0"},
                "paths": {path: {method: operation}},
                "components": document["components"],
            });
            let yaml = format!(
                "# https://docs.example.test/{id}.md\n{}",
                serde_yaml::to_string(&export).unwrap()
            );
            exports.push((id, yaml));
        }
    }
    exports
}

fn model(sources: &[SpecSource]) -> ApiModel {
    generator::build_model(sources).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn every_exported_operation_matches_the_spec() {
    let model = model(&spec());
    let exports = exports();
    assert!(exports.len() >= 60, "{}", exports.len());
    let mut open = Vec::new();
    for (id, yaml) in &exports {
        let pages = docs_check::parse_pages(id, yaml).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(
            pages[0].address.as_deref(),
            Some(format!("https://docs.example.test/{id}.md").as_str())
        );
        let report = docs_check::check_parsed(&model, id, &pages[0]).unwrap();
        assert_eq!(&report.endpoint.replace('.', "_"), id);
        open.extend(report.unacknowledged().map(|d| {
            format!(
                "{id}: {} {}: page {}, spec {}",
                d.kind, d.path, d.page, d.spec
            )
        }));
    }
    assert_eq!(open, Vec::<String>::new());
}

/// The model with every endpoint's docs (and its path parameters' docs) and examples
/// cleared: what `--fix` drafts for review rather than restores.
fn without_endpoint_docs(mut model: ApiModel) -> ApiModel {
    for module in &mut model.modules {
        for endpoint in &mut module.endpoints {
            endpoint.docs = Default::default();
            // The examples are files beside the spec; an import lists none.
            endpoint.examples.clear();
            for param in &mut endpoint.path_params {
                param.docs = Default::default();
            }
        }
    }
    model
}

/// Export, remove, import: for endpoints of every shape (body and query
/// parameters, a GET whose parameters travel in a body, typed and plain
/// path ids, a list response, none at all), `--fix` with the export gives
/// back the same model, and only the endpoint's lines are new.
#[test]
fn export_remove_import_gives_back_the_same_model() {
    let original = spec();
    let expected = without_endpoint_docs(model(&original));
    let exports = exports();
    for id in [
        "setup_intents_update",
        "setup_intents_list",
        "payment_methods_list_for_customer",
        "charges_retrieve",
        "coupons_retrieve",
        "balance_retrieve",
        "webhook_endpoints_list",
        "payment_intents_search",
    ] {
        let (module, endpoint) = expected
            .modules
            .iter()
            .find_map(|module| {
                let name = id.strip_prefix(&format!("{}_", module.name))?;
                Some((module.name.clone(), name.to_owned()))
            })
            .unwrap();
        let file = format!("spec/{module}.yaml");
        let removed: Vec<SpecSource> = original
            .iter()
            .map(|source| {
                if source.path != Path::new(&file) {
                    return source.clone();
                }
                let mut text = SpecText::new(String::from_utf8(source.contents.clone()).unwrap());
                text.remove(&format!("endpoints.{endpoint}")).unwrap();
                SpecSource::new(source.path.clone(), text.text)
            })
            .collect();
        let yaml = &exports.iter().find(|(export, _)| export == id).unwrap().1;
        let input = fix::PageInput {
            file: format!("{id}.yaml"),
            pages: docs_check::parse_pages(id, yaml).unwrap(),
        };
        let outcome = fix::fix(&removed, &[input]).unwrap();
        assert_eq!(outcome.files.len(), 1, "{id}: {:#?}", outcome.changes);
        assert_eq!(outcome.changes.len(), 1, "{id}: {:#?}", outcome.changes);
        let (path, text) = &outcome.files[0];
        assert_eq!(path, Path::new(&file));
        let fixed: Vec<SpecSource> = removed
            .iter()
            .map(|source| {
                if &source.path == path {
                    SpecSource::new(path.clone(), text.clone())
                } else {
                    source.clone()
                }
            })
            .collect();
        let restored = without_endpoint_docs(model(&fixed));
        // Same endpoints in each module, maybe in another order.
        for (a, b) in restored.modules.iter().zip(&expected.modules) {
            assert_eq!(a.schemas, b.schemas, "{id}");
            let mut a_endpoints = a.endpoints.clone();
            let mut b_endpoints = b.endpoints.clone();
            a_endpoints.sort_by(|x, y| x.name.cmp(&y.name));
            b_endpoints.sort_by(|x, y| x.name.cmp(&y.name));
            assert_eq!(a_endpoints, b_endpoints, "{id}");
        }
        let source = restored
            .modules
            .iter()
            .flat_map(|module| &module.endpoints)
            .count();
        assert_eq!(
            source,
            expected
                .modules
                .iter()
                .map(|m| m.endpoints.len())
                .sum::<usize>()
        );
    }
}
