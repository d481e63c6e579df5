//! `iomed bench web` end to end with tiny numbers, against the binary under test. It checks that
//! the benchmark runs and reports, never how fast anything is.

use std::process::Command;

#[test]
fn bench_web_loads_cases_signs_in_measures_and_prints_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_iomed"))
        .args(["bench", "web", "--cases", "3", "--seconds", "1", "--concurrency", "2", "--data"])
        .arg(&data)
        .env_remove("IOMED_DATA")
        .env_remove("IOMED_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    eprintln!("{text}");
    assert!(out.status.success(), "{text}");
    assert!(text.contains("loaded 3 cases in"), "{text}");
    assert!(text.contains("| endpoint | as | p50 ms |"), "{text}");
    for row in ["| `/healthz` |", "| case page `/cases/{id}` |", "| dashboard `/secretariat/deadlines` |"] {
        assert!(text.contains(row), "{row} missing: {text}");
    }
    assert!(text.contains("API list: 3 cases in the first answer"), "{text}");
    assert!(text.contains("server peak resident memory (VmHWM): "), "{text}");
    // Every measured page answered 200 (the API list may meet its tokens' budget: 429s count apart).
    for line in text.lines().filter(|l| l.starts_with("| ") && !l.contains("endpoint") && !l.contains("API list")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        assert_eq!(cells[cells.len() - 3], "0", "a measured endpoint answered other than 200: {line}");
    }
}
