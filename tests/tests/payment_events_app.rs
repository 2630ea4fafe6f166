//! An app that handles only payment events builds only what it uses: a
//! crate depending on `wooshpay` with `default-features = false, features =
//! ["payment_intents", "events"]` compiles and verifies a webhook, its
//! resolved `wooshpay` features are exactly the modules the README lists,
//! and a type of another resource does not exist in that build.
//!
//! The app is built outside the workspace (a workspace build would unify
//! its features with every other member's), offline, from the workspace's
//! lock file, in its own target folder.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A fresh copy of the app in a temporary folder, with `main` as its code.
fn app(main: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wooshpay-payment-events-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        r#"[package]
name = "payment-events-app"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
wooshpay = {{ path = {:?}, default-features = false, features = ["payment_intents", "events"] }}

[workspace]
"#,
        root().join("generated").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    dir
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("payment-events-app");
    Command::new(env!("CARGO"))
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// The module list between the README's markers.
fn readme_modules() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("<!-- payment-events-app: modules -->")
        .expect("the README's marker");
    let list = &readme[start..];
    let list = &list[list.find('\n').unwrap() + 1..list.find("<!-- end -->").unwrap()];
    list.split(',')
        .map(|name| name.trim().trim_matches('`').to_owned())
        .collect()
}

#[test]
fn a_payment_events_app_builds_only_what_it_uses() {
    let main = include_str!("../fixtures/apps/payment_events/main.rs");
    let dir = app(main);

    let build = cargo(&dir, &["check", "--quiet"]);
    assert!(
        build.status.success(),
        "the app does not type-check:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    // The resource features cargo resolved for `wooshpay` in that build.
    let tree = cargo(
        &dir,
        &[
            "tree", "-e", "features", "-i", "wooshpay", "--prefix", "none",
        ],
    );
    assert!(
        tree.status.success(),
        "{}",
        String::from_utf8_lossy(&tree.stderr)
    );
    let mut features: Vec<String> = String::from_utf8_lossy(&tree.stdout)
        .lines()
        .filter_map(|line| line.strip_prefix("wooshpay feature \""))
        .filter_map(|line| line.split('"').next())
        .map(str::to_owned)
        .collect();
    features.sort();
    features.dedup();
    assert_eq!(
        features,
        readme_modules(),
        "the README's list is out of date"
    );

    // Another resource's type is not compiled in.
    let other = main.replace(
        "fn main() {",
        "fn main() {\n    let _charge: Option<wooshpay::Charge> = None;",
    );
    std::fs::write(dir.join("src/main.rs"), other).unwrap();
    let refused = cargo(&dir, &["check", "--quiet"]);
    assert!(
        !refused.status.success(),
        "`wooshpay::Charge` exists without its feature"
    );
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Charge"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
