//! Benchmarks of the generator: the whole pipeline and each stage on the real
//! `spec/`, and the whole pipeline on synthetic specs 1×–1000× its size.
//!
//! ```sh
//! cargo bench -p generator --bench codegen -- --warm-up-time 1 --measurement-time 3
//! CODEGEN_BENCH_MAX_SCALE=100 cargo bench -p generator --bench codegen   # skip 1000×
//! ```
//!
//! Results are in BENCHMARKS.md.

#[path = "support/synth.rs"]
mod synth;

use std::path::Path;
use std::time::Duration;

use criterion::{
    black_box, criterion_group, criterion_main, BatchSize, BenchmarkGroup, BenchmarkId, Criterion,
    SamplingMode, Throughput,
};
use generator::emit::EmittedFile;
use generator::load::ParsedFile;
use generator::model::ApiModel;
use generator::SpecSource;

fn real_spec() -> Vec<SpecSource> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let sources = generator::read_spec_dir(&dir).expect("spec/ is readable");
    assert!(!sources.is_empty(), "no spec files in {}", dir.display());
    sources
}

fn parse_all(sources: &[SpecSource]) -> Vec<ParsedFile> {
    sources
        .iter()
        .map(|source| generator::load::parse(source).expect("spec parses"))
        .collect()
}

fn resolve_all(sources: &[SpecSource]) -> ApiModel {
    generator::resolve::resolve(&parse_all(sources)).expect("spec is valid")
}

fn format_all(files: Vec<EmittedFile>) -> usize {
    files
        .into_iter()
        .map(|file| {
            generator::format::format_file(file.tokens, &file.sources)
                .expect("formats")
                .len()
        })
        .sum()
}

/// The stages one by one, each on the output of the previous one.
fn bench_stages<M: criterion::measurement::Measurement>(
    group: &mut BenchmarkGroup<'_, M>,
    label: &str,
    sources: &[SpecSource],
) {
    group.bench_function(BenchmarkId::new("generate", label), |b| {
        b.iter(|| generator::generate(black_box(sources)).expect("generates"))
    });
    group.bench_function(BenchmarkId::new("parse", label), |b| {
        b.iter(|| parse_all(black_box(sources)))
    });
    let parsed = parse_all(sources);
    group.bench_function(BenchmarkId::new("resolve", label), |b| {
        b.iter(|| generator::resolve::resolve(black_box(&parsed)).expect("valid"))
    });
    drop(parsed);
    let model = resolve_all(sources);
    group.bench_function(BenchmarkId::new("emit", label), |b| {
        b.iter(|| generator::emit::emit(black_box(&model)))
    });
    // `format_file` takes the tokens by value: emit a fresh copy per batch.
    // Cloning a proc_macro2 TokenStream is a reference-count increment.
    let emitted = generator::emit::emit(&model);
    group.bench_function(BenchmarkId::new("format", label), |b| {
        b.iter_batched(
            || {
                emitted
                    .iter()
                    .map(|file| EmittedFile {
                        path: file.path.clone(),
                        sources: file.sources.clone(),
                        tokens: file.tokens.clone(),
                    })
                    .collect::<Vec<_>>()
            },
            format_all,
            BatchSize::LargeInput,
        )
    });
}

fn real(c: &mut Criterion) {
    let sources = real_spec();
    let mut group = c.benchmark_group("real_spec");
    bench_stages(&mut group, "spec", &sources);

    // What `load::parse` is made of: serde_yaml into the raw types, through
    // serde_path_to_error (for error paths), plus the line index (a second
    // YAML parse with yaml_rust2 that records a path string and position
    // for every key, to find duplicate keys and to locate diagnostics).
    group.bench_function("parse_breakdown/serde_yaml_only", |b| {
        b.iter(|| {
            for source in &sources {
                let text = std::str::from_utf8(&source.contents).unwrap();
                let raw: generator::raw::RawSpecFile =
                    serde_yaml::from_str(black_box(text)).expect("parses");
                black_box(raw);
            }
        })
    });
    group.bench_function("parse_breakdown/serde_yaml_path_to_error", |b| {
        b.iter(|| {
            for source in &sources {
                let text = std::str::from_utf8(&source.contents).unwrap();
                let deserializer = serde_yaml::Deserializer::from_str(black_box(text));
                let raw: generator::raw::RawSpecFile =
                    serde_path_to_error::deserialize(deserializer).expect("parses");
                black_box(raw);
            }
        })
    });
    // What `format::format_file` is made of: `syn::parse2` of the tokens,
    // then `prettyplease::unparse`.
    let emitted = generator::emit::emit(&resolve_all(&sources));
    group.bench_function("format_breakdown/syn_parse2", |b| {
        b.iter(|| {
            for file in &emitted {
                let parsed: syn::File = syn::parse2(black_box(file.tokens.clone())).unwrap();
                black_box(parsed);
            }
        })
    });
    let files: Vec<syn::File> = emitted
        .iter()
        .map(|file| syn::parse2(file.tokens.clone()).unwrap())
        .collect();
    group.bench_function("format_breakdown/prettyplease_unparse", |b| {
        b.iter(|| {
            for file in &files {
                black_box(prettyplease::unparse(black_box(file)));
            }
        })
    });
    // For comparison: syn parsing the same code from its formatted text.
    let texts: Vec<String> = files.iter().map(prettyplease::unparse).collect();
    group.bench_function("format_breakdown/syn_parse_file_from_text", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(syn::parse_file(black_box(text)).unwrap());
            }
        })
    });
    // The line index's YAML pass alone, without its bookkeeping.
    group.bench_function("parse_breakdown/yaml_rust2_events_only", |b| {
        struct Ignore;
        impl yaml_rust2::parser::MarkedEventReceiver for Ignore {
            fn on_event(&mut self, event: yaml_rust2::Event, _: yaml_rust2::scanner::Marker) {
                black_box(event);
            }
        }
        b.iter(|| {
            for source in &sources {
                let text = std::str::from_utf8(&source.contents).unwrap();
                let mut parser = yaml_rust2::parser::Parser::new_from_str(black_box(text));
                parser.load(&mut Ignore, true).expect("parses");
            }
        })
    });
    group.finish();
}

/// Largest scale to run, from `CODEGEN_BENCH_MAX_SCALE` (default 1000).
fn max_scale() -> usize {
    std::env::var("CODEGEN_BENCH_MAX_SCALE")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(1000)
}

fn scaling(c: &mut Criterion) {
    let max = max_scale();
    for scale in [1usize, 10, 100, 1000] {
        if scale > max {
            continue;
        }
        let sources = synth::synthetic_spec(scale, 1);
        let mut group = c.benchmark_group(format!("scaling_x{scale}"));
        group.throughput(Throughput::Elements(
            (scale * synth::SCHEMAS_PER_UNIT) as u64,
        ));
        if scale >= 100 {
            // One `generate` takes about 0.5 s (100×) to 7 s (1000×): the
            // fewest samples criterion allows, in flat mode, so a stage takes
            // about 10 iterations (criterion says it needs longer than 5 s).
            group.sample_size(10);
            group.sampling_mode(SamplingMode::Flat);
            group.warm_up_time(Duration::from_secs(1));
            group.measurement_time(Duration::from_secs(5));
        }
        bench_stages(&mut group, "files", &sources);
        if scale == 100 {
            // The same 2,400 schemas in one spec file instead of 100.
            let one_file = synth::synthetic_spec(scale, scale);
            group.bench_function(BenchmarkId::new("generate", "one_file"), |b| {
                b.iter(|| generator::generate(black_box(&one_file)).expect("generates"))
            });
            let model = resolve_all(&one_file);
            let emitted = generator::emit::emit(&model);
            group.bench_function(BenchmarkId::new("format", "one_file"), |b| {
                b.iter_batched(
                    || {
                        emitted
                            .iter()
                            .map(|file| EmittedFile {
                                path: file.path.clone(),
                                sources: file.sources.clone(),
                                tokens: file.tokens.clone(),
                            })
                            .collect::<Vec<_>>()
                    },
                    format_all,
                    BatchSize::LargeInput,
                )
            });
        }
        group.finish();
    }
}

criterion_group!(benches, real, scaling);
criterion_main!(benches);
