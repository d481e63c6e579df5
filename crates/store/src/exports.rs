//! Checking a case-file export (the zip of `GET /cases/{id}/export`) with nothing but the
//! organization's published signing keys: its `manifest.json` is signed (`manifest.sig`) by the
//! key named in `public-key.txt`, that key is one the organization published and it signed within
//! its period, and every file of the zip hashes (BLAKE3) to what the manifest says, none missing,
//! none added. An export made before a signing-key rotation still verifies: the retired key stays
//! published with its period (`Store::signing_keys`, `/api/v1/ledger/keys`).

use std::collections::BTreeSet;
use std::io::{Read, Seek};

use ed25519_dalek::{Signature, VerifyingKey};
use serde::Deserialize;

use crate::keys::SigningKeyUse;

/// The files that carry the signature rather than the case file.
const SIGNATURE_FILES: [&str; 3] = ["manifest.json", "manifest.sig", "public-key.txt"];

/// The largest manifest read (its files' list), and the largest signature file.
const MANIFEST_LIMIT: u64 = 64 << 20;
const SMALL_LIMIT: u64 = 4096;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("this is not an iomed case-file export: {0}")]
    NotAnExport(String),
    #[error("the manifest's signature is not valid for the key the export names: the manifest was changed")]
    BadSignature,
    #[error("the export is signed with the key {0}, which is not among the organization's signing keys")]
    UnknownKey(String),
    #[error(
        "the export says it was made at {at}, outside the period of the key that signed it ({from} to {until}): \
         a retired key signs nothing after its rotation"
    )]
    OutsidePeriod { at: String, from: String, until: String },
    #[error("{0}")]
    Mismatch(String),
    #[error("the export cannot be read: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Deserialize)]
struct Manifest {
    case: i64,
    generated_at: String,
    #[serde(default)]
    exported_for: String,
    files: Vec<FileEntry>,
}

#[derive(Deserialize)]
struct FileEntry {
    path: String,
    blake3: String,
    size: u64,
}

/// What a good export holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportCheck {
    pub case: i64,
    pub generated_at: String,
    pub exported_for: String,
    /// The files the manifest lists, all present and intact, and their bytes.
    pub files: usize,
    pub bytes: u64,
    /// The key that signed it, and whether it is the one signing now.
    pub public_key: String,
    pub key_current: bool,
}

fn small_file<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str, limit: u64) -> Result<Vec<u8>, ExportError> {
    let entry = zip.by_name(name).map_err(|_| ExportError::NotAnExport(format!("it has no {name}")))?;
    if entry.size() > limit {
        return Err(ExportError::NotAnExport(format!("its {name} is too large")));
    }
    let mut out = Vec::new();
    // A zip entry whose CRC-32 no longer matches its bytes was changed after it was written.
    entry.take(limit).read_to_end(&mut out).map_err(|e| ExportError::Mismatch(format!("{name} was changed ({e})")))?;
    Ok(out)
}

fn hex_field<const N: usize>(bytes: &[u8], name: &str) -> Result<[u8; N], ExportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ExportError::NotAnExport(format!("its {name} is not text")))?;
    let mut out = [0u8; N];
    hex::decode_to_slice(text.trim(), &mut out)
        .map_err(|_| ExportError::NotAnExport(format!("its {name} is not {N} bytes in hex")))?;
    Ok(out)
}

/// Checks the export read from `reader` against the published `keys`.
pub fn verify_export<R: Read + Seek>(reader: R, keys: &[SigningKeyUse]) -> Result<ExportCheck, ExportError> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| ExportError::NotAnExport(format!("not a zip ({e})")))?;
    let manifest_bytes = small_file(&mut zip, "manifest.json", MANIFEST_LIMIT)?;
    let signature: [u8; 64] = hex_field(&small_file(&mut zip, "manifest.sig", SMALL_LIMIT)?, "manifest.sig")?;
    let public: [u8; 32] = hex_field(&small_file(&mut zip, "public-key.txt", SMALL_LIMIT)?, "public-key.txt")?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| ExportError::BadSignature)?;
    key.verify_strict(&manifest_bytes, &Signature::from_bytes(&signature)).map_err(|_| ExportError::BadSignature)?;
    let public_hex = hex::encode(public);
    let published =
        keys.iter().find(|k| k.public_key == public_hex).ok_or_else(|| ExportError::UnknownKey(public_hex.clone()))?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| ExportError::NotAnExport(format!("its manifest cannot be read ({e})")))?;
    let at: jiff::Timestamp = manifest
        .generated_at
        .parse()
        .map_err(|_| ExportError::NotAnExport("its manifest's generated_at is not a time".into()))?;
    if !published.valid_at(at) {
        let since_ever = || "the beginning".to_owned();
        return Err(ExportError::OutsidePeriod {
            at: manifest.generated_at.clone(),
            from: published.valid_from.clone().unwrap_or_else(since_ever),
            until: published.valid_until.clone().unwrap_or_else(|| "now".into()),
        });
    }
    let mut listed = BTreeSet::new();
    let mut bytes = 0u64;
    for file in &manifest.files {
        if SIGNATURE_FILES.contains(&file.path.as_str()) {
            return Err(ExportError::Mismatch(format!("the manifest lists its own {}", file.path)));
        }
        if !listed.insert(file.path.as_str()) {
            return Err(ExportError::Mismatch(format!("the manifest lists {} twice", file.path)));
        }
        let mut entry = zip
            .by_name(&file.path)
            .map_err(|_| ExportError::Mismatch(format!("{} is listed in the manifest but missing", file.path)))?;
        let mut hasher = blake3::Hasher::new();
        let size = std::io::copy(&mut entry, &mut hasher)
            .map_err(|e| ExportError::Mismatch(format!("{} was changed ({e})", file.path)))?;
        if size != file.size || hasher.finalize().to_hex().as_str() != file.blake3 {
            return Err(ExportError::Mismatch(format!(
                "{} is not the file that was exported: it was changed",
                file.path
            )));
        }
        bytes += size;
    }
    for name in zip.file_names() {
        let name = name.map_err(|e| ExportError::NotAnExport(format!("a file name cannot be read ({e})")))?;
        if !listed.contains(name.as_ref()) && !SIGNATURE_FILES.contains(&name.as_ref()) {
            return Err(ExportError::Mismatch(format!("{name} was added: the manifest does not list it")));
        }
    }
    Ok(ExportCheck {
        case: manifest.case,
        generated_at: manifest.generated_at,
        exported_for: manifest.exported_for,
        files: manifest.files.len(),
        bytes,
        public_key: public_hex,
        key_current: published.current,
    })
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write as _};

    use zip::write::SimpleFileOptions;

    use super::*;
    use crate::Signer;

    const AT: &str = "2026-06-01T09:00:00Z";

    fn key(signer: &Signer, current: bool, from: Option<&str>, until: Option<&str>) -> SigningKeyUse {
        SigningKeyUse {
            public_key: hex::encode(signer.public_key()),
            first_signed: None,
            last_signed: until.map(str::to_owned),
            current,
            valid_from: from.map(str::to_owned),
            valid_until: until.map(str::to_owned),
        }
    }

    /// An export as the server writes it, of `files`, at `at`; `tamper` may change what goes in
    /// the zip after the manifest is signed: (name, bytes) of the files written.
    fn export(
        signer: &Signer,
        at: &str,
        files: &[(&str, &[u8])],
        tamper: impl Fn(&mut Vec<(String, Vec<u8>)>),
    ) -> Vec<u8> {
        let listed: Vec<serde_json::Value> = files
            .iter()
            .map(|(name, bytes)| {
                serde_json::json!({"path": name, "blake3": blake3::hash(bytes).to_hex().as_str(), "size": bytes.len()})
            })
            .collect();
        let manifest = serde_json::to_vec_pretty(
            &serde_json::json!({"case": 7, "generated_at": at, "exported_for": "Ama", "hash": "blake3", "files": listed}),
        )
        .unwrap();
        let mut written: Vec<(String, Vec<u8>)> = files.iter().map(|(n, b)| ((*n).to_owned(), b.to_vec())).collect();
        written.push(("manifest.json".into(), manifest.clone()));
        written.push(("manifest.sig".into(), format!("{}\n", hex::encode(signer.sign_bytes(&manifest))).into_bytes()));
        written.push(("public-key.txt".into(), format!("{}\n", hex::encode(signer.public_key())).into_bytes()));
        tamper(&mut written);
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in &written {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    const FILES: [(&str, &[u8]); 2] = [("documents/joint-001-notice.pdf", b"%PDF-1.7 a notice"), ("case.json", b"{}")];

    fn check(zip: Vec<u8>, keys: &[SigningKeyUse]) -> Result<ExportCheck, ExportError> {
        verify_export(Cursor::new(zip), keys)
    }

    #[test]
    fn an_export_verifies_with_the_key_of_its_time_even_once_retired() {
        let (old, new) = (Signer::generate().unwrap(), Signer::generate().unwrap());
        let keys =
            [key(&old, false, None, Some("2026-07-01T00:00:00Z")), key(&new, true, Some("2026-07-01T00:00:00Z"), None)];
        let good = check(export(&old, AT, &FILES, |_| {}), &keys).unwrap();
        assert_eq!((good.case, good.files, good.key_current), (7, 2, false));
        assert_eq!(good.bytes, 19);
        assert!(check(export(&new, "2026-08-01T00:00:00Z", &FILES, |_| {}), &keys).unwrap().key_current);
    }

    #[test]
    fn a_retired_key_signs_nothing_after_its_rotation_and_an_unknown_key_nothing_at_all() {
        let (old, new, stranger) =
            (Signer::generate().unwrap(), Signer::generate().unwrap(), Signer::generate().unwrap());
        let keys =
            [key(&old, false, None, Some("2026-07-01T00:00:00Z")), key(&new, true, Some("2026-07-01T00:00:00Z"), None)];
        let late = check(export(&old, "2026-07-02T00:00:00Z", &FILES, |_| {}), &keys);
        assert!(matches!(late, Err(ExportError::OutsidePeriod { .. })), "{late:?}");
        let early = check(export(&new, AT, &FILES, |_| {}), &keys);
        assert!(matches!(early, Err(ExportError::OutsidePeriod { .. })), "{early:?}");
        let unknown = check(export(&stranger, AT, &FILES, |_| {}), &keys);
        assert!(matches!(unknown, Err(ExportError::UnknownKey(_))), "{unknown:?}");
    }

    #[test]
    fn a_changed_added_or_missing_file_or_manifest_is_caught() {
        let signer = Signer::generate().unwrap();
        let keys = [key(&signer, true, None, None)];
        let changed = export(&signer, AT, &FILES, |w| w[0].1 = b"%PDF-1.7 another notice".to_vec());
        assert!(matches!(check(changed, &keys), Err(ExportError::Mismatch(m)) if m.contains("was changed")));
        let added = export(&signer, AT, &FILES, |w| w.push(("documents/x.pdf".into(), b"x".to_vec())));
        assert!(matches!(check(added, &keys), Err(ExportError::Mismatch(m)) if m.contains("was added")));
        let missing = export(&signer, AT, &FILES, |w| {
            w.remove(0);
        });
        assert!(matches!(check(missing, &keys), Err(ExportError::Mismatch(m)) if m.contains("missing")));
        let manifest = export(&signer, AT, &FILES, |w| {
            let m = w.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
            m.1 = String::from_utf8(m.1.clone()).unwrap().replace("Ama", "Bob").into_bytes();
        });
        assert!(matches!(check(manifest, &keys), Err(ExportError::BadSignature)));
        let not_zip = check(b"PK not a zip".to_vec(), &keys);
        assert!(matches!(not_zip, Err(ExportError::NotAnExport(_))), "{not_zip:?}");
        let no_signature = export(&signer, AT, &FILES, |w| w.retain(|(n, _)| n != "manifest.sig"));
        assert!(matches!(check(no_signature, &keys), Err(ExportError::NotAnExport(m)) if m.contains("manifest.sig")));
    }

    #[test]
    fn periods_follow_the_order_keys_were_put_in_use() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        let k = |current, last: Option<&str>| SigningKeyUse {
            public_key: String::new(),
            first_signed: None,
            last_signed: last.map(str::to_owned),
            current,
            valid_from: None,
            valid_until: None,
        };
        let keys = iomed_domain::signing::with_periods(vec![
            k(false, Some("2026-03-01T00:00:00Z")),
            k(false, Some("2026-06-01T00:00:00Z")),
            k(true, Some("2026-09-01T00:00:00Z")),
        ]);
        assert!(keys[0].valid_at(at("2020-01-01T00:00:00Z")) && !keys[0].valid_at(at("2026-03-01T00:00:01Z")));
        assert!(keys[1].valid_at(at("2026-03-01T00:00:00Z")) && keys[1].valid_at(at("2026-06-01T00:00:00Z")));
        assert!(!keys[1].valid_at(at("2026-02-28T00:00:00Z")) && !keys[1].valid_at(at("2026-06-02T00:00:00Z")));
        assert!(keys[2].valid_at(at("2030-01-01T00:00:00Z")) && !keys[2].valid_at(at("2026-05-31T00:00:00Z")));
    }
}
