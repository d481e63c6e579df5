//! The shape ARCHITECTURE.md promises, read from the sources: in the web crate the shared `kit`
//! imports no resource and no resource imports another; no source file of the workspace is
//! longer than 600 lines.

use std::path::{Path, PathBuf};

/// The resource modules of the web crate (each a folder under `src/`) and the modules that
/// gather them.
const RESOURCES: [&str; 6] = ["accounts", "cases", "documents", "mediators", "messages", "public"];
const GATHERERS: [&str; 1] = ["openapi"];
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
    let mut named = Vec::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
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
            let upward = RESOURCES.contains(&module.as_str()) || GATHERERS.contains(&module.as_str());
            let allowed = match home.as_str() {
                // The shared layer: nothing of a resource.
                "kit" => !upward,
                // A resource: itself, the kit, the crate's state; never another resource.
                h if RESOURCES.contains(&h) => !upward || module == h,
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
