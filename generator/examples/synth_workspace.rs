//! Whole-process codegen on a synthetic workspace, for the scaling figures
//! in BENCHMARKS.md (`scripts/bench-codegen.sh` runs it):
//!
//! ```sh
//! cargo build -p generator --example synth_workspace
//! target/debug/examples/synth_workspace write-spec 100 /tmp/synth100   # 100 units
//! target/debug/examples/synth_workspace codegen /tmp/synth100          # as `cargo xtask codegen`
//! ```
//!
//! `write-spec UNITS DIR` writes `DIR/spec/*.yaml`, one synthetic unit (24
//! schemas, 7 endpoints: see `benches/support/synth.rs`) per file.
//! `codegen DIR` runs the library calls `cargo xtask codegen` runs, on `DIR`
//! instead of the repository: generate every file, compare with the disk,
//! write what changed.

#[path = "../benches/support/synth.rs"]
mod synth;

use std::path::Path;
use std::process::ExitCode;

use generator::sync;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["write-spec", units, dir] => match units.parse() {
            Ok(units) => write_spec(units, Path::new(dir)),
            Err(_) => Err(format!("not a number of units: `{units}`")),
        },
        ["codegen", dir] => codegen(Path::new(dir)),
        _ => Err("usage: synth_workspace write-spec UNITS DIR | codegen DIR".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn write_spec(units: usize, dir: &Path) -> Result<(), String> {
    let spec_dir = dir.join("spec");
    std::fs::create_dir_all(&spec_dir).map_err(|e| format!("{}: {e}", spec_dir.display()))?;
    for source in synth::synthetic_spec(units, 1) {
        let name = source
            .path
            .file_name()
            .ok_or("a spec path has no file name")?;
        let path = spec_dir.join(name);
        std::fs::write(&path, &source.contents).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn codegen(root: &Path) -> Result<(), String> {
    let files = sync::generate_workspace(root).map_err(|error| format!("{error:?}"))?;
    let plan = sync::plan(root, &files).map_err(|e| e.to_string())?;
    sync::apply(&plan).map_err(|e| e.to_string())?;
    println!("{} files, {} written", files.len(), plan.writes.len());
    Ok(())
}
