use bytes::Bytes;
use futures_util::StreamExt as _;
use iomed_domain::documents::{Audience, DocumentType, MetaDraft};
use iomed_domain::request::Side;
use iomed_store::StoreError;
use iomed_store::backup::{BackupError, DumpEngine};
use iomed_store::blobs::{BlobError, Blobs, DataKey, MasterKey, Stored};
use iomed_store::cases::CaseChange;
use iomed_store::documents::{DocumentChange, DocumentRefusal};

use crate::cases::{draft, invitation, receipt, representative};
use crate::support::*;

fn body(parts: Vec<Vec<u8>>) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Unpin {
    futures_util::stream::iter(parts.into_iter().map(|p| Ok(Bytes::from(p))))
}

async fn read_all(blobs: &Blobs, key: &DataKey, address: &str) -> Result<Vec<u8>, BlobError> {
    let mut out = Vec::new();
    let mut stream = blobs.read(key, address).await?;
    while let Some(bytes) = stream.next().await {
        out.extend_from_slice(&bytes?);
    }
    Ok(out)
}

/// Content whose every byte depends on its position.
fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(31) ^ (i >> 9)) as u8).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blobs_round_trip_encrypted_and_refuse_bad_input_leaving_nothing() {
    for store in iomed_store::testing::blob_stores().unwrap() {
        let (blobs, kind) = (&store.blobs, store.kind);
        let key = DataKey::generate().unwrap();
        // Sizes around the chunk boundary, in uneven pieces.
        for len in [1, 65_535, 65_536, 65_537, 3 * 65_536, 300_001] {
            let data = content(len);
            let pieces: Vec<Vec<u8>> = data.chunks(7_919).map(<[u8]>::to_vec).collect();
            let stored = blobs.put(&key, body(pieces), 1 << 20).await.unwrap();
            assert_eq!(stored.size, len as u64, "{kind}");
            assert_eq!(stored.content_hash, blake3::hash(&data).to_hex().as_str(), "{kind}");
            assert_eq!(read_all(blobs, &key, &stored.address).await.unwrap(), data, "{kind} {len}");
        }
        // Stored encrypted: the plaintext appears nowhere, and another key cannot read it.
        let secret = b"caucus: our walk-away figure is 4.2 million".repeat(100);
        let stored = blobs.put(&key, body(vec![secret.clone()]), 1 << 20).await.unwrap();
        let raw = blobs.raw_for_test(&stored.address).await.unwrap();
        assert_eq!(raw.len(), secret.len() + 8 + 19 + 16, "{kind}");
        assert!(!raw.windows(8).any(|w| w == b"walk-awa"), "{kind}: plaintext at rest");
        assert_eq!(blake3::hash(&raw).to_hex().as_str(), stored.address, "{kind}: not content-addressed");
        let other = DataKey::generate().unwrap();
        assert!(matches!(read_all(blobs, &other, &stored.address).await, Err(BlobError::Corrupt { .. })), "{kind}");

        // A flipped byte is caught before anything is served.
        blobs.corrupt_for_test(&stored.address, 100).await.unwrap();
        match blobs.read(&key, &stored.address).await {
            Err(BlobError::Corrupt { why, .. }) => assert_eq!(why, "hash", "{kind}"),
            Err(other) => panic!("{kind}: {other}"),
            Ok(_) => panic!("{kind}: a corrupt blob was served"),
        }
        assert!(matches!(blobs.read(&key, "00ff").await, Err(BlobError::NotFound(_))), "{kind}");

        // Empty, too large, interrupted: refused, and no staging object is left.
        let before = blobs.list_for_test().await.unwrap();
        assert!(matches!(blobs.put(&key, body(vec![]), 10).await, Err(BlobError::Empty)), "{kind}");
        let big = body(vec![content(70_000), content(70_000)]);
        assert!(matches!(blobs.put(&key, big, 100_000).await, Err(BlobError::TooLarge { limit: 100_000 })), "{kind}");
        let broken = futures_util::stream::iter(vec![
            Ok(Bytes::from(content(200_000))),
            Err(std::io::Error::other("connection reset")),
        ]);
        assert!(matches!(blobs.put(&key, broken, 1 << 20).await, Err(BlobError::Interrupted(_))), "{kind}");
        assert_eq!(blobs.list_for_test().await.unwrap(), before, "{kind}: something stayed behind");
        assert!(before.iter().all(|name| name.starts_with("blobs/")), "{kind}: {before:?}");
    }
}

/// An upload whose request goes away (the handler's future dropped while the body still comes)
/// leaves nothing behind: each stage stops when the one before it is gone, and the writer
/// removes what it wrote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_dropped_midway_leaves_nothing_behind() {
    for store in iomed_store::testing::blob_stores().unwrap() {
        let (blobs, kind) = (&store.blobs, store.kind);
        let key = DataKey::generate().unwrap();
        let before = blobs.list_for_test().await.unwrap();
        let started = futures_util::stream::iter(vec![Ok::<_, std::io::Error>(Bytes::from(content(3_000_000)))]);
        let body = started.chain(futures_util::stream::pending());
        let put = blobs.put(&key, body, 1 << 30);
        // The body never ends: the upload is dropped once the first piece is in.
        assert!(tokio::time::timeout(std::time::Duration::from_millis(300), put).await.is_err(), "{kind}");
        let mut left = blobs.list_for_test().await.unwrap();
        for _ in 0..200 {
            if left == before {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            left = blobs.list_for_test().await.unwrap();
        }
        assert_eq!(left, before, "{kind}: a dropped upload stayed behind");
    }
}

#[test]
fn case_keys_are_bound_to_their_case_and_master_key() {
    let master = MasterKey::from_secret([3; 32]);
    let key = DataKey::generate().unwrap();
    let wrapped = master.wrap(7, &key).unwrap();
    assert!(master.unwrap(7, &wrapped).is_ok());
    assert!(matches!(master.unwrap(8, &wrapped), Err(BlobError::WrongKey)));
    assert!(matches!(MasterKey::from_secret([4; 32]).unwrap(7, &wrapped), Err(BlobError::WrongKey)));
    assert!(!format!("{key:?}{master:?}").contains("03"));
}

fn meta(audience: &str, party: &str) -> iomed_domain::documents::DocumentMeta {
    MetaDraft {
        title: "Valuation note".into(),
        kind: "note".into(),
        language: "en".into(),
        audience: audience.into(),
        party: party.into(),
        ..MetaDraft::default()
    }
    .check()
    .unwrap()
}

fn stored(n: u8) -> Stored {
    Stored { address: format!("{n:02x}").repeat(32), content_hash: "ab".repeat(32), size: 10 }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_are_filed_once_versioned_in_their_audience_and_recorded() {
    for db in engines().await {
        let store = open(&db).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let saved =
            CaseChange::SaveDraft { owner, id: None, draft: draft("prior_agreement", "camille@kestrel.example") };
        let id = store.case_change("user:1", saved).await.unwrap().created.unwrap();
        let filed = store.case_change(
            "user:1",
            CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() },
        );
        let case = filed.await.unwrap().created.unwrap();

        // The data key is made once, kept wrapped, and the same on every call.
        let master = MasterKey::from_secret([9; 32]);
        let a = store.data_key(&master, case).await.unwrap();
        let b = store.data_key(&master, case).await.unwrap();
        let blobs = iomed_store::testing::blob_stores().unwrap();
        let stored_a = blobs[0].blobs.put(&a, body(vec![b"same key".to_vec()]), 100).await.unwrap();
        assert_eq!(read_all(&blobs[0].blobs, &b, &stored_a.address).await.unwrap(), b"same key");
        assert!(matches!(store.data_key(&MasterKey::from_secret([1; 32]), case).await, Err(StoreError::Key(_))));

        let file = |meta, n| DocumentChange::File {
            case,
            filer: owner,
            meta,
            file_name: "note.txt".into(),
            media_type: "text/plain".into(),
            stored: stored(n),
            mails: vec![],
        };
        let first = store.document_change("user:1", file(meta("caucus", "requesting"), 1)).await.unwrap();
        let first = first.created.unwrap();
        let mut v2 = meta("caucus", "requesting");
        v2.replaces = Some(first);
        let second = store.document_change("user:1", file(v2.clone(), 2)).await.unwrap().created.unwrap();
        let refused = |r: Result<iomed_store::Appended, StoreError>| match r {
            Err(StoreError::DocumentRefused(r)) => r,
            other => panic!("{other:?}"),
        };
        let head = store.head().await.unwrap();
        // A version is replaced once; a version must keep its audience; no such case.
        assert_eq!(refused(store.document_change("user:1", file(v2, 3)).await), DocumentRefusal::AlreadyReplaced);
        let mut joint = meta("joint", "");
        joint.replaces = Some(second);
        assert_eq!(refused(store.document_change("user:1", file(joint, 3)).await), DocumentRefusal::UnknownReplaced);
        let mut elsewhere = file(meta("joint", ""), 3);
        if let DocumentChange::File { case, .. } = &mut elsewhere {
            *case = 999;
        }
        assert_eq!(refused(store.document_change("user:1", elsewhere).await), DocumentRefusal::NoSuchCase);
        assert_eq!(store.head().await.unwrap(), head, "{}: a refusal wrote something", db.engine);

        let third = store.document_change("user:1", file(meta("joint", ""), 4)).await.unwrap().created.unwrap();
        let docs = store.documents_of(case).await.unwrap();
        assert_eq!(docs.len(), 3);
        // Worked out in one pass, the numbers and the newer versions are what one document's
        // query gives.
        for d in &docs {
            assert_eq!(Some(d), store.document(d.id).await.unwrap().as_ref(), "{}", db.engine);
        }
        assert_eq!(docs.iter().map(|d| (d.id, d.number)).collect::<Vec<_>>(), [(first, 1), (second, 2), (third, 1)]);
        let mut audiences = store.document_audiences(case).await.unwrap();
        audiences.sort_by_key(|(id, _)| docs.iter().position(|d| d.id == *id));
        assert_eq!(audiences, docs.iter().map(|d| (d.id, d.audience)).collect::<Vec<_>>());
        let mut some = store.documents_in(case, &[third, first, 999]).await.unwrap();
        some.sort_by_key(|d| d.id == third);
        assert_eq!(some, [docs[0].clone(), docs[2].clone()], "{}", db.engine);
        assert!(store.documents_in(case + 1, &[first]).await.unwrap().is_empty());
        assert_eq!(docs[0].audience, Audience::Caucus(Side::Requesting));
        assert_eq!(docs[0].kind, DocumentType::Note);
        assert_eq!(docs[0].replaced_by, Some(second));
        assert_eq!(docs[1].replaces, Some(first));
        assert_eq!(store.document(second).await.unwrap().unwrap().filed_by_name, "Mei Ling Tan");

        // The ledger has the filing, without the title.
        let rows = store.stream(&format!("case/{case}/documents")).await.unwrap();
        let kinds: Vec<_> = rows.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, ["case.key_created", "document.filed", "document.filed", "document.filed"], "{}", db.engine);
        assert!(rows.iter().all(|r| !r.body.contains("Valuation")));
        assert!(matches!(store.verify().await.unwrap(), iomed_store::VerifyReport::Intact { .. }));
    }
}

/// What a crash leaves in the blob store — an upload cut short, a blob stored whose filing never
/// committed — is removed at start once older than the grace period, and recorded; a filed
/// document's blob, and anything younger, is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_removes_what_a_crash_left_and_keeps_every_filed_blob() {
    let dbs = engines().await;
    for (db, blob_store) in dbs.iter().zip(iomed_store::testing::blob_stores().unwrap()) {
        let what = format!("{} + {}", db.engine, blob_store.kind);
        let blobs = &blob_store.blobs;
        let store = open(db).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let saved =
            CaseChange::SaveDraft { owner, id: None, draft: draft("prior_agreement", "camille@kestrel.example") };
        let id = store.case_change("user:1", saved).await.unwrap().created.unwrap();
        let filed = store.case_change(
            "user:1",
            CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() },
        );
        let case = filed.await.unwrap().created.unwrap();
        let key = store.data_key(&MasterKey::from_secret([9; 32]), case).await.unwrap();
        let kept = blobs.put(&key, body(vec![b"filed".to_vec()]), 100).await.unwrap();
        let change = DocumentChange::File {
            case,
            filer: owner,
            meta: meta("joint", ""),
            file_name: "note.txt".into(),
            media_type: "text/plain".into(),
            stored: kept.clone(),
            mails: vec![],
        };
        store.document_change("user:1", change).await.unwrap();
        let orphan = blobs.put(&key, body(vec![b"never filed".to_vec()]), 100).await.unwrap();
        blobs.stage_for_test().await.unwrap();

        // Nothing is older than the grace period yet: nothing is touched.
        let young = store.sweep_blobs(blobs, jiff::Timestamp::MIN).await.unwrap();
        assert!(young.is_empty(), "{what}: {young:?}");
        assert_eq!(blobs.list_for_test().await.unwrap().len(), 3, "{what}");

        // Later, all of it is: the unfinished upload and the orphan go, the filed blob stays.
        let swept = store.sweep_blobs(blobs, jiff::Timestamp::MAX).await.unwrap();
        assert_eq!((swept.staging, swept.orphans.clone()), (1, vec![orphan.address.clone()]), "{what}");
        assert!(swept.bytes > 0, "{what}");
        let left = blobs.list_for_test().await.unwrap();
        assert_eq!(left.len(), 1, "{what}: {left:?}");
        assert!(left[0].ends_with(&kept.address), "{what}");
        assert_eq!(read_all(blobs, &key, &kept.address).await.unwrap(), b"filed", "{what}");
        let ledger = store.stream("blobs").await.unwrap();
        assert_eq!(ledger.len(), 1, "{what}");
        let recorded: serde_json::Value = serde_json::from_str(&ledger[0].body).unwrap();
        assert_eq!(recorded["orphans"], serde_json::json!([orphan.address]), "{what}");
        assert_eq!(recorded["staging"], 1, "{what}");
        // A second sweep finds nothing and records nothing.
        assert!(store.sweep_blobs(blobs, jiff::Timestamp::MAX).await.unwrap().is_empty(), "{what}");
        assert_eq!(store.stream("blobs").await.unwrap().len(), 1, "{what}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_made_while_documents_are_filed_restores_every_document_and_the_same_ledger() {
    for db in engines().await {
        let store = open(&db).await;
        let root = tempfile::tempdir().unwrap();
        let blobs = Blobs::open(&iomed_store::blobs::BlobLocation::Local(root.path().join("blobs"))).unwrap();
        let master = MasterKey::from_secret([5; 32]);
        let owner = representative(&store, "mei@harbourline.example").await;
        let change = CaseChange::SaveDraft { owner, id: None, draft: draft("offer", "camille@kestrel.example") };
        let id = store.case_change("user:1", change).await.unwrap().created.unwrap();
        let filed =
            CaseChange::File { owner, id, invitation: invitation("camille@kestrel.example"), receipt: receipt() };
        let case = store.case_change("user:1", filed).await.unwrap().created.unwrap();
        let key = store.data_key(&master, case).await.unwrap();
        let shared = (store.clone(), blobs.clone(), key.clone());
        let file = move |n: usize| {
            let (store, blobs, key) = shared.clone();
            async move {
                let stored = blobs.put(&key, body(vec![content(10_000 + n)]), 1 << 20).await.unwrap();
                let change = DocumentChange::File {
                    case,
                    filer: owner,
                    meta: meta("joint", ""),
                    file_name: format!("exhibit-{n}.bin"),
                    media_type: "application/octet-stream".into(),
                    stored,
                    mails: vec![],
                };
                store.document_change("user:1", change).await.unwrap();
            }
        };
        for n in 0..4 {
            file(n).await;
        }
        let dest = root.path().join("backup");
        // On PostgreSQL the dump is checked in a scratch database and restored into another,
        // both empty; on SQLite neither is named.
        let (scratch, target) = match std::env::var("IOMED_TEST_POSTGRES_URL") {
            Ok(admin) if db.engine == "postgres" => (
                Some(iomed_store::testing::fresh_postgres(&admin).await.unwrap()),
                Some(iomed_store::testing::fresh_postgres(&admin).await.unwrap()),
            ),
            _ => (None, None),
        };
        let (scratch, target) = (scratch.as_deref(), target.as_deref());
        // Filings go on while the backup is made; what it holds is one consistent moment.
        let more = tokio::spawn({
            let file = file.clone();
            async move {
                for n in 4..12 {
                    file(n).await;
                }
            }
        });
        let manifest = iomed_store::backup::backup(&store, &blobs, &dest, &|_, _| {}).await.unwrap();
        more.await.unwrap();
        assert!(manifest.counts.documents >= 4, "{:?}", manifest.counts);
        assert_eq!(manifest.blobs.items.len() as i64, manifest.counts.documents);
        let engine = if db.engine == "postgres" { DumpEngine::Postgres } else { DumpEngine::Sqlite };
        assert_eq!(manifest.engine(), engine);
        let again = iomed_store::backup::backup(&store, &blobs, &dest, &|_, _| {}).await;
        assert!(matches!(again, Err(iomed_store::backup::BackupError::NotEmpty(_))));

        // Checked with the right master key, refused with another.
        let clock: std::sync::Arc<dyn iomed_store::Clock> = clock();
        iomed_store::backup::verify(&dest, Some(&master), scratch, clock.clone(), &|_, _| {}).await.unwrap();
        let other = MasterKey::from_secret([6; 32]);
        let wrong = iomed_store::backup::verify(&dest, Some(&other), scratch, clock.clone(), &|_, _| {}).await;
        assert!(matches!(wrong, Err(BackupError::WrongMasterKey(_))), "{wrong:?}");
        // A dump is restored only into an empty database, and never without one.
        if db.engine == "postgres" {
            let missing = iomed_store::backup::verify(&dest, None, None, clock.clone(), &|_, _| {}).await;
            assert!(matches!(missing, Err(BackupError::NeedsDatabase)), "{missing:?}");
            let live = iomed_store::backup::verify(&dest, None, Some(&db.url), clock.clone(), &|_, _| {}).await;
            assert!(matches!(live, Err(BackupError::DatabaseNotEmpty(_))), "{live:?}");
        } else {
            let url = "postgres://nobody@127.0.0.1:1/none";
            let wrong = iomed_store::backup::verify(&dest, None, Some(url), clock.clone(), &|_, _| {}).await;
            assert!(matches!(wrong, Err(BackupError::NotPostgres)), "{wrong:?}");
        }

        // Restored elsewhere: the same head, and every document's content as filed.
        let data = root.path().join("restored");
        iomed_store::backup::restore(&dest, &data, target, clock.clone(), &|_, _| {}).await.unwrap();
        let restored_url = target.map_or_else(|| iomed_store::sqlite_url(&data), str::to_owned);
        let back = iomed_store::Store::open(&restored_url, iomed_store::Signer::from_secret([7; 32]), clock.clone())
            .await
            .unwrap();
        let head = back.head().await.unwrap();
        assert_eq!((head.seq, hex::encode(head.hash)), (manifest.ledger.head_seq, manifest.ledger.head_hash.clone()));
        let restored_blobs = Blobs::open(&iomed_store::blobs::BlobLocation::Local(data.join("blobs"))).unwrap();
        let key = back.data_key(&master, case).await.unwrap();
        let documents = back.documents_of(case).await.unwrap();
        assert_eq!(documents.len() as i64, manifest.counts.documents);
        for d in &documents {
            let bytes = read_all(&restored_blobs, &key, &d.blob).await.unwrap();
            assert_eq!(blake3::hash(&bytes).to_hex().as_str(), d.content_hash);
        }
        // A blob altered in the backup is caught by its check.
        let blob = &manifest.blobs.items[0].address;
        let path = dest.join("blobs").join("blobs").join(&blob[..2]).join(blob);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[40] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        let broken = iomed_store::backup::verify(&dest, None, scratch, clock.clone(), &|_, _| {}).await;
        assert!(matches!(broken, Err(BackupError::Mismatch(_))), "{broken:?}");
        // So is a database file changed after the backup: its hash is in the manifest.
        let file = dest.join(manifest.database.as_ref().unwrap().file.as_str());
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, bytes).unwrap();
        let changed = iomed_store::backup::verify(&dest, None, scratch, clock.clone(), &|_, _| {}).await;
        assert!(matches!(changed, Err(BackupError::Mismatch(ref m)) if m.contains("not the file")), "{changed:?}");
        back.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_master_key_wraps_every_case_key_again_and_the_ledger_records_no_key() {
    for db in engines().await {
        let store = open(&db).await;
        let owner = representative(&store, "mei@harbourline.example").await;
        let mut cases = Vec::new();
        for other in ["camille@kestrel.example", "ines@kestrel.example"] {
            let change = CaseChange::SaveDraft { owner, id: None, draft: draft("offer", other) };
            let id = store.case_change("user:1", change).await.unwrap().created.unwrap();
            let filed = CaseChange::File { owner, id, invitation: invitation(other), receipt: receipt() };
            cases.push(store.case_change("user:1", filed).await.unwrap().created.unwrap());
        }
        let (old, new) = (MasterKey::from_secret([1; 32]), MasterKey::from_secret([2; 32]));
        let mut keys = Vec::new();
        for case in &cases {
            keys.push(store.data_key(&old, *case).await.unwrap());
        }
        let sealed = keys[0].seal("context", b"caucus note").unwrap();

        // The wrong old key: refused, nothing written.
        let head = store.head().await.unwrap();
        assert!(store.rotate_master(&new, &old).await.is_err(), "{}", db.engine);
        assert_eq!(store.head().await.unwrap(), head);
        // A list of keys that is not the whole: refused, nothing written.
        let stale = DocumentChange::RewrapKeys { keys: vec![], drafts: vec![], new_key_id: new.id() };
        assert!(matches!(
            store.document_change("operator:cli", stale).await,
            Err(StoreError::DocumentRefused(DocumentRefusal::KeysChanged))
        ));
        assert_eq!(store.head().await.unwrap(), head);

        assert_eq!(store.rotate_master(&old, &new).await.unwrap(), 2, "{}", db.engine);
        let again = store.data_key(&new, cases[0]).await.unwrap();
        assert_eq!(again.open("context", &sealed).unwrap(), b"caucus note", "{}: the same data key", db.engine);
        assert!(store.data_key(&old, cases[1]).await.is_err(), "{}: the old key opens nothing", db.engine);
        let rows = store.stream("keys").await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].kind, "keys.master_rotated");
        assert_eq!(rows[0].body, format!(r#"{{"case_keys":2,"draft_keys":0,"new_key_id":"{}"}}"#, new.id()));
        assert!(!rows[0].body.contains("0202"), "no key material");
    }
}
