//! Property tests ("fuzzing") of the loader, validator and emitters.
//!
//! Two properties, over arbitrary bytes and over structure-aware random specs
//! that mix valid and broken pieces:
//! - `generate` never panics: every input is either accepted or rejected with
//!   diagnostics;
//! - every accepted spec produces files that `syn` parses as Rust;
//! - and, for a bounded batch of accepted random specs, the files
//!   type-check with warnings denied (one `cargo check` of a scratch
//!   workspace with one crate per spec), so every name validation lets
//!   through is one the emitted crate accepts.
//!
//! CI runs a bounded number of cases (proptest's default, 256 per property;
//! `FUZZ_TYPE_CHECKED` accepted specs, default 32, are type-checked).
//! Run longer with e.g.
//! `PROPTEST_CASES=20000 cargo test --release -p tests --test fuzz_generator -- --nocapture`.

mod scratch;

use std::sync::atomic::{AtomicUsize, Ordering};

use generator::{GenerateError, SpecSource};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_yaml::{Mapping, Value};

static ACCEPTED: AtomicUsize = AtomicUsize::new(0);
static REJECTED: AtomicUsize = AtomicUsize::new(0);

/// Runs the pipeline and checks both properties.
fn check(sources: &[SpecSource]) -> Result<(), TestCaseError> {
    let outcome = std::panic::catch_unwind(|| generator::generate(sources));
    let result =
        outcome.map_err(|_| TestCaseError::fail(format!("generator panicked on {sources:?}")))?;
    match result {
        Ok(files) => {
            ACCEPTED.fetch_add(1, Ordering::Relaxed);
            for file in files {
                syn::parse_file(&file.contents).map_err(|error| {
                    TestCaseError::fail(format!(
                        "{} does not parse: {error}\n{}",
                        file.path, file.contents
                    ))
                })?;
            }
        }
        Err(GenerateError::Spec(diagnostics)) => {
            REJECTED.fetch_add(1, Ordering::Relaxed);
            prop_assert!(
                !diagnostics.is_empty(),
                "a rejection must carry diagnostics"
            );
            for diagnostic in &diagnostics.0 {
                prop_assert!(!diagnostic.message.is_empty());
            }
        }
        Err(GenerateError::Internal(message)) => {
            return Err(TestCaseError::fail(format!("generator bug: {message}")));
        }
    }
    Ok(())
}

fn names() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Charge",
        "Refund",
        "Page",
        "Kind",
        "Step",
        "Card",
        "Self",
        "Option",
        "lower",
        "Bad Name",
        "X9",
        "A",
        // Names the runtime or the prelude already gives a meaning.
        "ApiError",
        "TransportError",
        "ClientBuilder",
        "Client",
        "Debug",
        "Iterator",
    ])
    .prop_map(str::to_owned)
}

fn field_names() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "id", "type", "appId", "data_url", "dataUrl", "self", "async", "9lives", "%%", "x-y",
        "extra", "ünï", "amount", "url", "new", "tag", "client",
    ])
    .prop_map(str::to_owned)
}

fn type_exprs() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec![
            "string",
            "boolean",
            "int32",
            "int64",
            "timestamp",
            "float64",
            "json",
            "object",
            "T",
            "Strnig",
            "",
            "array<",
            "<>",
            "map<string",
            "List",
        ])
        .prop_map(str::to_owned),
        names(),
    ];
    leaf.prop_recursive(3, 8, 1, |inner| {
        (
            prop::sample::select(vec!["array", "map", "expandable", "Page", "Charge"]),
            inner,
        )
            .prop_map(|(outer, inner)| format!("{outer}<{inner}>"))
    })
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("A thing.".to_owned()),
        Just(String::new()),
        Just("Has [brackets] and <html> and https://x.y".to_owned()),
        "\\PC{0,20}",
    ]
}

fn fields(depth: u32) -> BoxedStrategy<Value> {
    let field = (
        type_exprs(),
        any::<bool>(),
        any::<bool>(),
        (any::<bool>(), any::<bool>()),
        text(),
        prop::option::of(prop::sample::select(vec![
            "read: page",
            "inferred: guess",
            "bogus",
        ])),
    );
    let nested = if depth == 0 {
        Just(None).boxed()
    } else {
        prop::option::of(fields(depth - 1)).boxed()
    };
    prop::collection::vec((field_names(), field, nested), 0..5)
        .prop_map(|entries| {
            let mut map = Mapping::new();
            for (
                name,
                (ty, required, nullable, (secret, always_present), description, source),
                nested,
            ) in entries
            {
                let mut field = Mapping::new();
                field.insert("type".into(), ty.into());
                field.insert("description".into(), description.into());
                if required {
                    field.insert("required".into(), true.into());
                }
                if nullable {
                    field.insert("nullable".into(), true.into());
                }
                if secret {
                    field.insert("secret".into(), true.into());
                }
                if always_present {
                    field.insert("always_present".into(), true.into());
                }
                if let Some(source) = source {
                    field.insert("source".into(), source.into());
                }
                if let Some(nested) = nested {
                    field.insert("fields".into(), nested);
                }
                map.insert(name.into(), field.into());
            }
            Value::Mapping(map)
        })
        .boxed()
}

fn enum_values() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        prop::sample::select(vec![
            "card",
            "9pay",
            "unknown",
            "---",
            "a-b",
            "a_b",
            "p24",
            "on_session",
            "Self",
            "new",
        ]),
        0..6,
    )
    .prop_map(|values| Value::Sequence(values.into_iter().map(Value::from).collect()))
}

fn schema() -> impl Strategy<Value = Value> {
    let generic_params = prop::sample::select(vec!["T", "Option", "Self", "Vec", "Item", "Card"]);
    let identity = (
        prop::option::of(prop::sample::select(vec!["cus_", "ch_", "x", "bad prefix"])),
        prop::option::of(prop::sample::select(vec!["customer", "charge", "a b"])),
    );
    let object = (
        fields(2),
        any::<bool>(),
        prop::option::of(generic_params),
        identity,
    )
        .prop_map(|(fields, keep, generic, (id_prefix, object_name))| {
            let mut schema = Mapping::new();
            schema.insert("kind".into(), "object".into());
            schema.insert("description".into(), "An object.".into());
            schema.insert("fields".into(), fields);
            if keep {
                schema.insert("keep_unknown_fields".into(), true.into());
            }
            if let Some(generic) = generic {
                schema.insert("generic".into(), generic.into());
            }
            if let Some(id_prefix) = id_prefix {
                schema.insert("id_prefix".into(), id_prefix.into());
            }
            if let Some(object_name) = object_name {
                schema.insert("object_name".into(), object_name.into());
            }
            Value::Mapping(schema)
        });
    let enumeration = enum_values().prop_map(|values| {
        let mut schema = Mapping::new();
        schema.insert("kind".into(), "enum".into());
        schema.insert("description".into(), "An enum.".into());
        schema.insert("values".into(), values);
        Value::Mapping(schema)
    });
    let union = (
        any::<bool>(),
        prop::option::of(names()),
        prop::collection::vec(
            (
                prop::sample::select(vec!["card", "wallet", "9pay", "type", "x", "new", "tag"]),
                prop::option::of(fields(1)),
                prop::option::of(names()),
            ),
            0..4,
        ),
        prop::option::of(fields(1)),
    )
        .prop_map(|(struct_style, tag_type, variants, common)| {
            let mut schema = Mapping::new();
            schema.insert("kind".into(), "union".into());
            schema.insert("description".into(), "A union.".into());
            schema.insert("tag".into(), "type".into());
            if struct_style {
                schema.insert("style".into(), "struct".into());
            }
            if let Some(tag_type) = tag_type {
                schema.insert("tag_type".into(), tag_type.into());
            }
            if let Some(common) = common {
                schema.insert("fields".into(), common);
            }
            let mut map = Mapping::new();
            for (tag, fields, ty) in variants {
                let mut variant = Mapping::new();
                variant.insert("description".into(), "A variant.".into());
                if let Some(fields) = fields {
                    variant.insert("fields".into(), fields);
                }
                if let Some(ty) = ty {
                    variant.insert("type".into(), ty.into());
                }
                map.insert(tag.into(), variant.into());
            }
            schema.insert("variants".into(), map.into());
            Value::Mapping(schema)
        });
    let raw = Just({
        let mut schema = Mapping::new();
        schema.insert("kind".into(), "raw".into());
        schema.insert("description".into(), "Raw.".into());
        Value::Mapping(schema)
    });
    prop_oneof![3 => object, 2 => enumeration, 2 => union, 1 => raw]
}

fn endpoint() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["GET", "POST", "DELETE", "PATCH"]),
        prop::sample::select(vec![
            "/v1/things",
            "/v1/things/{id}",
            "/v1/{a}/{b}",
            "/v1/{id",
            "v1",
            "/v1/{id}/{id}",
            "/v1/things?limit=3",
            "/v1/../things",
            "/v1//things",
            "/v1/things/{id}/",
        ]),
        prop::collection::vec(prop::sample::select(vec!["id", "a", "b", "c"]), 0..3),
        prop::option::of(names()),
        prop::option::of(prop::sample::select(vec!["body", "query", "header"])),
        type_exprs(),
    )
        .prop_map(|(method, path, params, schema, params_in, response)| {
            let mut endpoint = Mapping::new();
            endpoint.insert("method".into(), method.into());
            endpoint.insert("path".into(), path.into());
            endpoint.insert("description".into(), "An endpoint.".into());
            let mut path_params = Mapping::new();
            for param in params {
                let mut entry = Mapping::new();
                entry.insert("description".into(), "An id.".into());
                path_params.insert(param.into(), entry.into());
            }
            endpoint.insert("path_params".into(), path_params.into());
            if let Some(schema) = schema {
                endpoint.insert("params".into(), schema.into());
            }
            if let Some(params_in) = params_in {
                endpoint.insert("params_in".into(), params_in.into());
            }
            endpoint.insert("response".into(), response.into());
            Value::Mapping(endpoint)
        })
}

fn spec_file() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((names(), schema()), 0..6),
        prop::collection::vec(
            (
                prop::sample::select(vec!["create", "retrieve", "list", "Bad", "type"]),
                endpoint(),
            ),
            0..3,
        ),
    )
        .prop_map(|(schemas, endpoints)| {
            let mut root = Mapping::new();
            let mut map = Mapping::new();
            for (name, schema) in schemas {
                map.insert(name.into(), schema);
            }
            root.insert("schemas".into(), map.into());
            let mut map = Mapping::new();
            for (name, endpoint) in endpoints {
                map.insert(name.into(), endpoint);
            }
            root.insert("endpoints".into(), map.into());
            serde_yaml::to_string(&Value::Mapping(root)).expect("YAML serializes")
        })
}

proptest! {
    // Failing inputs are kept so a later run tries them first.
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            "proptest-regressions/fuzz_generator.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&[SpecSource::new("spec/fuzz.yaml", bytes)])?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(schemas|endpoints|kind|fields|type|:| |\n|-|\\{|\\}|<|>|a|0){0,200}") {
        check(&[SpecSource::new("spec/fuzz.yaml", text)])?;
    }

    #[test]
    fn structured_specs_never_panic_and_accepted_ones_parse(first in spec_file(), second in spec_file()) {
        check(&[SpecSource::new("spec/first.yaml", first.clone())])?;
        // Two files share one namespace: cross-file references and duplicates.
        check(&[SpecSource::new("spec/first.yaml", first), SpecSource::new("spec/second.yaml", second)])?;
    }
}

/// The structured strategy must reach both outcomes, or it tests little.
#[test]
fn structured_specs_reach_both_outcomes() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut accepted, mut rejected) = (0, 0);
    for _ in 0..300 {
        let spec = spec_file().new_tree(&mut runner).unwrap().current();
        match generator::generate(&[SpecSource::new("spec/x.yaml", spec)]) {
            Ok(_) => accepted += 1,
            Err(_) => rejected += 1,
        }
    }
    eprintln!(
        "structured specs: {accepted} accepted, {rejected} rejected (totals so far: {} / {})",
        ACCEPTED.load(Ordering::Relaxed),
        REJECTED.load(Ordering::Relaxed)
    );
    assert!(
        accepted >= 10,
        "only {accepted} of 300 random specs were valid"
    );
    assert!(
        rejected >= 10,
        "only {rejected} of 300 random specs were invalid"
    );
}

/// Accepted random specs must type-check, not just parse: a batch of them
/// (one scratch crate each) goes through one `cargo check`. The specs come
/// from a deterministic runner, so a failure reproduces.
#[test]
fn accepted_structured_specs_type_check() {
    let wanted: usize = std::env::var("FUZZ_TYPE_CHECKED")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(32);
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut crates = Vec::new();
    let mut tried = 0;
    while crates.len() < wanted && tried < 100 * wanted {
        tried += 1;
        let first = spec_file().new_tree(&mut runner).unwrap().current();
        let second = spec_file().new_tree(&mut runner).unwrap().current();
        // Alternate one-file and two-file specs (a shared namespace).
        let mut sources = vec![SpecSource::new("spec/first.yaml", first.clone())];
        if tried % 2 == 0 {
            sources.push(SpecSource::new("spec/second.yaml", second.clone()));
        }
        let Ok(files) = generator::generate(&sources) else {
            continue;
        };
        // Specs with nothing in them check nothing; skip them.
        if files.iter().all(|file| !file.contents.contains("pub ")) {
            continue;
        }
        let origin = sources
            .iter()
            .map(|source| {
                format!(
                    "{}:\n{}",
                    source.path.display(),
                    String::from_utf8_lossy(&source.contents)
                )
            })
            .collect();
        crates.push(scratch::ScratchCrate {
            name: format!("fuzz_{tried}"),
            origin,
            files,
            features_on: None,
        });
    }
    assert!(
        crates.len() == wanted,
        "only {} of {tried} random specs were accepted",
        crates.len()
    );
    if let Err(errors) = scratch::type_check("fuzz-type-check", &crates) {
        panic!("an accepted random spec gives code that does not compile (its spec heads its lib.rs):\n{errors}");
    }
}

/// The benchmarks' synthetic spec (`generator/benches/support/synth.rs`)
/// follows the spec rules as they are today: CI builds the benchmarks but
/// does not run them, so a rule change that breaks the synthetic spec would
/// otherwise only show when someone measures.
#[path = "../../generator/benches/support/synth.rs"]
mod synth;

#[test]
fn synthetic_benchmark_specs_are_accepted() {
    for chain in [false, true] {
        let sources = synth::synthetic_spec_with(3, 2, chain);
        let files = generator::generate(&sources)
            .unwrap_or_else(|error| panic!("synthetic spec (chain: {chain}): {error}"));
        let models: Vec<_> = files
            .iter()
            .filter(|file| file.path.contains("models/"))
            .collect();
        assert!(
            models.len() >= 2,
            "synthetic spec produced {} model files",
            models.len()
        );
        // Every unit's expandable targets got their typed ids.
        for unit in 0..3 {
            let id = format!("type Id = crate::U{unit}ResourceId;");
            assert!(
                files.iter().any(|file| file.contents.contains(&id)),
                "no `{id}` in the generated files"
            );
        }
    }
}
