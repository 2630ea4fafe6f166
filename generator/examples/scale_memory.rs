//! Peak memory (and one-shot time) of `generator::generate` on a synthetic
//! spec, for BENCHMARKS.md:
//!
//! ```sh
//! cargo run --release -p generator --example scale_memory -- 1000
//! /usr/bin/time -v target/release/examples/scale_memory 1000
//! ```
//!
//! Arguments: the scale (units of 24 schemas and 7 endpoints, the size of the
//! real spec; default 1000) and the units per spec file (default 1).
//! Prints the input and output sizes, the time of each stage, and `VmHWM`
//! (peak resident set) from `/proc/self/status` at the end.

#[path = "../benches/synth.rs"]
mod synth;

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let scale: usize = args.next().map_or(1000, |a| a.parse().expect("scale"));
    let per_file: usize = args
        .next()
        .map_or(1, |a| a.parse().expect("units per file"));

    let sources = synth::synthetic_spec(scale, per_file);
    let spec_bytes: usize = sources.iter().map(|s| s.contents.len()).sum();
    let hwm_input = vm_hwm_kib();

    let start = Instant::now();
    let parsed: Vec<_> = sources
        .iter()
        .map(|source| generator::load::parse(source).expect("synthetic spec parses"))
        .collect();
    let parse = start.elapsed();
    let start = Instant::now();
    let model = generator::resolve::resolve(&parsed).expect("synthetic spec is valid");
    let resolve = start.elapsed();
    drop(parsed);
    let start = Instant::now();
    let emitted = generator::emit::emit(&model);
    let emit = start.elapsed();
    let start = Instant::now();
    let mut out_bytes = 0;
    let mut out_lines = 0;
    for file in emitted {
        let text = generator::format::format_file(file.tokens, &file.sources).expect("formats");
        out_bytes += text.len();
        out_lines += text.lines().count();
    }
    let format = start.elapsed();

    println!(
        "scale: {scale}x ({} schemas, {} endpoints) in {} files",
        scale * synth::SCHEMAS_PER_UNIT,
        scale * synth::ENDPOINTS_PER_UNIT,
        sources.len()
    );
    println!("spec: {} KiB of YAML", spec_bytes / 1024);
    println!(
        "output: {out_lines} lines, {:.1} MiB",
        out_bytes as f64 / 1048576.0
    );
    println!(
        "time: parse {:.2?}, resolve {:.2?}, emit {:.2?}, format {:.2?}, total {:.2?}",
        parse,
        resolve,
        emit,
        format,
        parse + resolve + emit + format
    );
    println!(
        "VmHWM after building the input: {} KiB",
        hwm_input.unwrap_or(0)
    );
    println!("VmHWM at the end: {} KiB", vm_hwm_kib().unwrap_or(0));
}

/// Peak resident set size so far, in KiB (Linux only).
fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
