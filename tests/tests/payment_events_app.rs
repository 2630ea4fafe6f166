//! Issue 20: receiving events must not pull every resource into the build.
//! An app that takes payments and handles their webhooks
//! (`fixtures/apps/payment_events.rs`) is type-checked against `wooshpay`
//! with only `payment_intents` and `events`, and the resources and crates
//! that build compiles are compared with the ones the docs list (the crate
//! docs' "Cargo features" section and the README's "Features").
//!
//! It costs a few seconds: the app is checked in this test's own target
//! folder, where the dependencies of `wooshpay` alone are already built
//! (`.ci/run` checks every feature alone first), with the workspace's
//! profiles so those builds are reused; only `wooshpay` and the app compile.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The features the app asks for.
const APP_FEATURES: &[&str] = &["payment_intents", "events"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A cargo command with the environment of the shell that ran the tests:
/// without the variables cargo sets for a test (`CARGO_MANIFEST_DIR`,
/// `CARGO_PKG_NAME`, …), which build scripts such as ring's watch
/// (`rerun-if-env-changed`), so builds from the shell are reused.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    let set_for_tests = |name: &str| {
        name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || [
                "CARGO_CRATE_NAME",
                "CARGO_BIN_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "OUT_DIR",
            ]
            .contains(&name)
    };
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(set_for_tests) {
            command.env_remove(name);
        }
    }
    command
}

/// The target folder this test was built in: `<target>/<profile>/deps/<exe>`.
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test's path");
    exe.ancestors()
        .nth(3)
        .expect("<target>/<profile>/deps")
        .to_path_buf()
}

/// Writes the app's crate (its own workspace, the repository's lock file and
/// profiles) into the target folder and returns its folder. The path stays
/// the same from run to run: cargo's fingerprint of a path dependency
/// depends on where its workspace is, so a new folder would recheck
/// `wooshpay` every time.
fn write_app() -> PathBuf {
    let dir = target_dir().join("payment-events-app");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let root_manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let profiles = root_manifest
        .find("\n[profile")
        .map_or("", |start| &root_manifest[start..]);
    let features: Vec<String> = APP_FEATURES.iter().map(|f| format!("\"{f}\"")).collect();
    let manifest = format!(
        "[package]\nname = \"payment-events-app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [lib]\npath = \"src/lib.rs\"\n\n\
         [dependencies]\nwooshpay = {{ path = {:?}, default-features = false, features = [{}] }}\n\n\
         [workspace]\n{profiles}",
        repo().join("generated").display().to_string(),
        features.join(", "),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(
        repo().join("tests/fixtures/apps/payment_events.rs"),
        dir.join("src/lib.rs"),
    )
    .unwrap();
    std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir
}

/// What the app's build resolves to: the resources (features) of `wooshpay`
/// it compiles, and every other crate it builds, by name.
struct Footprint {
    resources: Vec<String>,
    crates: Vec<String>,
}

/// `cargo tree` resolves features as a build of the app does (for the host,
/// with build dependencies): one `name version|features` line per crate.
/// `features` adds to the app's features (`--features`).
fn footprint(app: &Path, features: &str) -> Footprint {
    let output = cargo()
        .args([
            "tree",
            "--offline",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .args(["--format", "{p}|{f}", "--features", features])
        .current_dir(app)
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let mut resources = Vec::new();
    let mut crates = Vec::new();
    for line in text.lines() {
        let (package, features) = line.split_once('|').expect("`{p}|{f}`");
        let name = package.split_whitespace().next().expect("a package name");
        match name {
            "payment-events-app" => {}
            "wooshpay" => {
                let not_resources = [
                    "deserialize_params",
                    "tracing",
                    "blocking",
                    "default",
                    "full",
                ];
                resources = features
                    .trim_end_matches(" (*)")
                    .split(',')
                    .filter(|feature| !not_resources.contains(feature))
                    .map(str::to_owned)
                    .collect();
            }
            _ => crates.push(name.to_owned()),
        }
    }
    resources.sort();
    crates.sort();
    crates.dedup();
    Footprint { resources, crates }
}

/// What the docs' sentence starting with `lead` says, up to its end: the
/// backquoted resource names before its `;`, and the number of other crates
/// (`; plus <n> other crates`).
fn documented(text: &str, lead: &str, file: &str) -> (Vec<String>, usize) {
    let start = text
        .find(lead)
        .unwrap_or_else(|| panic!("{file} no longer says `{lead}`"));
    let sentence: String = text[start + lead.len()..]
        .lines()
        .map(|line| line.trim_start_matches("//!").trim())
        .collect::<Vec<_>>()
        .join(" ");
    let (list, rest) = sentence
        .split_once(';')
        .unwrap_or_else(|| panic!("{file}: the list after `{lead}` does not end with `;`"));
    let mut names: Vec<String> = list
        .split(',')
        .map(|name| name.trim().trim_matches('`').to_owned())
        .collect();
    names.sort();
    let count = rest
        .trim()
        .strip_prefix("plus ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| {
            panic!("{file}: the list after `{lead}` is not followed by `; plus <n> other crates`")
        });
    (names, count)
}

#[test]
fn an_app_receiving_payment_events_compiles_only_what_it_uses() {
    let app = write_app();
    let output = cargo()
        .args(["check", "--offline", "--quiet"])
        .current_dir(&app)
        .env("CARGO_TARGET_DIR", target_dir())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "the payment-events app does not compile with only {APP_FEATURES:?}:\n{}\n(app kept at {})",
        String::from_utf8_lossy(&output.stderr),
        app.display()
    );
    let built = footprint(&app, "");

    // Not `events`' twelve: only what a PaymentIntent names.
    assert_eq!(
        built.resources,
        [
            "customers",
            "events",
            "payment_intents",
            "payment_methods",
            "setup_intents"
        ],
        "the resources an app with {APP_FEATURES:?} compiles"
    );
    for file in ["generated/src/lib.rs", "README.md"] {
        let lead = "compiles these resources:";
        let text = std::fs::read_to_string(repo().join(file)).unwrap();
        let (resources, crates) = documented(&text, lead, file);
        assert_eq!(
            resources, built.resources,
            "{file} lists other resources than the app builds"
        );
        assert_eq!(
            crates,
            built.crates.len(),
            "{file} gives another number of crates than the app builds: {:?}",
            built.crates
        );
    }
    // As the docs say, resource features add no crate.
    let everything = footprint(&app, "wooshpay/full");
    assert!(everything.resources.len() > built.resources.len());
    assert_eq!(
        everything.crates, built.crates,
        "with every resource on, the app builds other crates"
    );
}
