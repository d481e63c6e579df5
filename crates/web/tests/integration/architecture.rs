//! The shape ARCHITECTURE.md promises, read from the sources: in the web crate the shared `kit`
//! imports nothing above it and no resource imports another or the crate's root (so the crate has
//! no circle); no source file of the workspace is longer than 600 lines.

use std::path::{Path, PathBuf};

/// The resource modules of the web crate, each a folder under `src/`.
const RESOURCES: [&str; 7] = ["accounts", "cases", "documents", "mediators", "messages", "notifications", "public"];
const LONGEST_FILE: usize = 600;

fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every module of this crate a file names: `crate::x::…`, and each `x` of `crate::{x, y::…}`.
fn crate_modules(text: &str) -> Vec<String> {
    modules_after(text, "crate::")
}

/// The first segment of every path after `prefix`: `x` of `prefix x::…` and of `prefix{x, y}`.
fn modules_after(text: &str, prefix: &str) -> Vec<String> {
    let mut named = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        let rest = &text[at + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Only the first segment of each top-level item of the group.
            let mut depth = 0;
            let mut item = String::new();
            let mut expect_name = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => expect_name = true,
                    c if expect_name && (c.is_alphanumeric() || c == '_') => item.push(c),
                    _ if expect_name && !item.is_empty() => {
                        named.push(std::mem::take(&mut item));
                        expect_name = false;
                    }
                    _ => {}
                }
            }
            if !item.is_empty() {
                named.push(item);
            }
        } else {
            named.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    named
}

#[test]
fn kit_imports_no_resource_and_no_resource_imports_another() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for file in sources(&src) {
        let relative = file.strip_prefix(&src).unwrap().to_string_lossy().into_owned();
        let home = relative.split('/').next().unwrap().trim_end_matches(".rs").to_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        for module in crate_modules(&text) {
            let allowed = match home.as_str() {
                // The shared layer: only itself (not even what lib.rs re-exports).
                "kit" => module == "kit",
                // A resource: itself and the kit; never another resource, nor lib.rs.
                h if RESOURCES.contains(&h) => module == "kit" || module == h,
                // lib.rs and the gatherers may name every resource.
                _ => true,
            };
            if !allowed {
                wrong.push(format!("{relative} imports crate::{module}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports running the wrong way:\n{}", wrong.join("\n"));
}

#[test]
fn the_kit_has_no_circle_within() {
    let kit = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/kit");
    let mut edges: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for file in sources(&kit) {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "mod" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let mut to = modules_after(&text, "crate::kit::");
        to.retain(|m| *m != name);
        to.sort();
        to.dedup();
        edges.insert(name, to);
    }
    // Depth-first, keeping the path: a name met again on it closes a circle.
    fn visit(
        at: &str,
        edges: &std::collections::BTreeMap<String, Vec<String>>,
        path: &mut Vec<String>,
        done: &mut std::collections::BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            let mut circle = path[i..].to_vec();
            circle.push(at.to_owned());
            return Some(circle);
        }
        if !done.insert(at.to_owned()) {
            return None;
        }
        path.push(at.to_owned());
        for next in edges.get(at).into_iter().flatten() {
            if let Some(circle) = visit(next, edges, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        None
    }
    let mut done = Default::default();
    for start in edges.keys() {
        let found = visit(start, &edges, &mut Vec::new(), &mut done);
        assert!(found.is_none(), "a circle in kit: {}", found.unwrap_or_default().join(" -> "));
    }
}

#[test]
fn the_reader_of_imports_sees_groups_and_paths() {
    let text = "use crate::kit::{a, b};\nuse crate::{cases::x, kit::{y, z}, AppState};\nlet _ = crate::documents::f();";
    assert_eq!(crate_modules(text), ["kit", "cases", "kit", "AppState", "documents"]);
}

#[test]
fn no_source_file_is_longer_than_600_lines() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut long = Vec::new();
    for krate in ["domain", "store", "web", "cli"] {
        for file in sources(&crates.join(krate).join("src")) {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            if lines > LONGEST_FILE {
                long.push(format!("{}: {lines} lines", file.strip_prefix(crates).unwrap().display()));
            }
        }
    }
    assert!(long.is_empty(), "files longer than {LONGEST_FILE} lines:\n{}", long.join("\n"));
}

#[test]
fn the_domain_does_no_io() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let manifest = std::fs::read_to_string(crates.join("domain/Cargo.toml")).unwrap();
    let dependencies = manifest.split("[dependencies]").nth(1).unwrap().split("\n[").next().unwrap();
    let allowed = ["thiserror", "serde", "jiff"];
    for line in dependencies.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let name = line.split(['.', '=', ' ']).next().unwrap();
        assert!(allowed.contains(&name), "the domain depends on {name}: only pure crates ({allowed:?})");
    }
    for file in sources(&crates.join("domain/src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        for io in ["std::fs", "std::net", "std::process", "std::env", "SystemTime", "Instant::now"] {
            assert!(!text.contains(io), "{} uses {io}", file.display());
        }
    }
}
