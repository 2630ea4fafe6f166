//! Peak memory and one-shot stage times of the generator on a synthetic spec
//! (see `benches/support/synth.rs`), for BENCHMARKS.md:
//!
//! ```sh
//! cargo build --release -p generator --example scale_memory
//! /usr/bin/time -v target/release/examples/scale_memory 1000
//! target/release/examples/scale_memory 1000 1 streaming
//! ```
//!
//! Arguments: the scale (units of 24 schemas and 7 endpoints, the size of
//! the real spec; default 1000), the units per spec file (default 1), and
//! the mode:
//!
//! * `generate` (default): `generator::generate`, stage by stage as it does
//!   it: every file is emitted (all token streams held at once), then each
//!   is formatted;
//! * `streaming`: the same output, but each file is formatted as soon as it
//!   is emitted, so only one file's tokens are alive at a time;
//! * `serde-yaml-only`: only parses the YAML into the raw spec types with
//!   `serde_yaml`, without the line index `load::parse` also builds, to
//!   tell their memory apart.
//!
//! A fourth argument `chain` makes each unit's resource hold its
//! predecessor's by value (see `synth::synthetic_spec_with`).
//!
//! Prints sizes, the time of each stage, the resident set after each stage
//! (`VmRSS`) and the peak (`VmHWM`) from `/proc/self/status`.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use generator::emit::EmittedFile;

fn main() {
    let mut args = std::env::args().skip(1);
    let scale: usize = args.next().map_or(1000, |a| a.parse().expect("scale"));
    let per_file: usize = args
        .next()
        .map_or(1, |a| a.parse().expect("units per file"));
    let mode = args.next().unwrap_or_else(|| "generate".to_owned());
    let streaming = match mode.as_str() {
        "generate" | "serde-yaml-only" => false,
        "streaming" => true,
        other => panic!("unknown mode `{other}`: use generate, streaming or serde-yaml-only"),
    };

    let chain = match args.next().as_deref() {
        None => false,
        Some("chain") => true,
        Some(other) => panic!("unknown option `{other}`: only `chain`"),
    };
    let sources = synth::synthetic_spec_with(scale, per_file, chain);
    let spec_bytes: usize = sources.iter().map(|s| s.contents.len()).sum();
    println!(
        "scale: {scale}x = {} schemas, {} endpoints, in {} spec files, {} KiB of YAML; mode: {}",
        scale * synth::SCHEMAS_PER_UNIT,
        scale * synth::ENDPOINTS_PER_UNIT,
        sources.len(),
        spec_bytes / 1024,
        mode,
    );
    report("input built", None);
    if mode == "serde-yaml-only" {
        let start = Instant::now();
        let raw: Vec<generator::raw::RawSpecFile> = sources
            .iter()
            .map(|source| serde_yaml::from_slice(&source.contents).expect("parses"))
            .collect();
        report("serde_yaml only", Some(start.elapsed()));
        drop(raw);
        return;
    }

    let start = Instant::now();
    let parsed: Vec<_> = sources
        .iter()
        .map(|source| generator::load::parse(source).expect("synthetic spec parses"))
        .collect();
    report("parse", Some(start.elapsed()));
    let start = Instant::now();
    let model = generator::resolve::resolve(&parsed).expect("synthetic spec is valid");
    report("resolve", Some(start.elapsed()));
    drop(parsed);

    let mut output_lines = 0;
    let mut output_bytes = 0;
    let mut outputs = Vec::new();
    let mut format = |file: EmittedFile| {
        let text = generator::format::format_file(file.tokens, &file.sources).expect("formats");
        output_lines += text.lines().count();
        output_bytes += text.len();
        outputs.push(text); // kept, as `generate` returns every file
    };
    if streaming {
        // What `generator::generate` does since 4088db9+1: `emit_each` hands
        // over each file as soon as its tokens exist, and it is formatted at once.
        let start = Instant::now();
        let _ = generator::emit::emit_each(&model, |file| {
            format(file);
            Ok::<(), ()>(())
        });
        report(
            "emit + format (streamed, as generate does)",
            Some(start.elapsed()),
        );
    } else {
        let start = Instant::now();
        let emitted = generator::emit::emit(&model);
        report("emit", Some(start.elapsed()));
        let start = Instant::now();
        for file in emitted {
            format(file);
        }
        report("format", Some(start.elapsed()));
    }
    println!(
        "output: {output_lines} lines, {:.1} MiB in {} files",
        output_bytes as f64 / 1048576.0,
        outputs.len()
    );
}

/// Prints a stage's time, the current resident set and the peak so far.
fn report(stage: &str, time: Option<Duration>) {
    let time = time.map_or(String::new(), |t| format!("{:>10.2?}", t));
    println!(
        "{stage:<26} {time:>10}   VmRSS {:>8} KiB   VmHWM {:>8} KiB",
        status_kib("VmRSS:").unwrap_or(0),
        status_kib("VmHWM:").unwrap_or(0)
    );
}

/// A `kB` line of `/proc/self/status` (Linux only).
fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
