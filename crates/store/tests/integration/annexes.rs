use bytes::Bytes;
use futures_util::StreamExt as _;
use iomed_domain::documents::annexes::{AnnexDraft, AnnexRefusal, MAX_ANNEXES};
use iomed_domain::documents::{Audience, DocumentType};
use iomed_store::StoreError;
use iomed_store::blobs::{Blobs, DataKey, MasterKey, Stored};
use iomed_store::cases::{CaseChange, CaseRefusal, NewAnnex};

use crate::cases::{draft, invitation, receipt, representative};
use crate::support::*;

async fn put(blobs: &Blobs, key: &DataKey, text: &str) -> Stored {
    let body = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from(text.as_bytes().to_vec()))]);
    blobs.put(key, body, 1 << 20).await.unwrap()
}

async fn read(blobs: &Blobs, key: &DataKey, address: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut stream = blobs.read(key, address).await.unwrap();
    while let Some(bytes) = stream.next().await {
        out.extend_from_slice(&bytes.unwrap());
    }
    out
}

fn annex(kind: &str, language: &str, file_name: &str, stored: Stored) -> NewAnnex {
    let meta =
        AnnexDraft { title: String::new(), kind: kind.into(), language: language.into() }.check(file_name).unwrap();
    NewAnnex { meta, file_name: file_name.into(), media_type: "application/pdf".into(), stored }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn annexes_attached_while_drafting_join_the_joint_case_file_at_filing_under_the_drafts_key() {
    for db in engines().await {
        let store = open(&db).await;
        let dir = tempfile::tempdir().unwrap();
        let blobs = Blobs::open(&iomed_store::blobs::BlobLocation::Local(dir.path().to_owned())).unwrap();
        let master = MasterKey::from_secret([7; 32]);
        let owner = representative(&store, "mei@harbourline.example").await;
        let stranger = representative(&store, "someone@elsewhere.example").await;
        let other = "camille@kestrel.example";
        let saved = CaseChange::SaveDraft { owner, id: None, draft: draft("offer", other) };
        let request = store.case_change("user:1", saved).await.unwrap().created.unwrap();

        // Someone else's draft has no key for them and takes no annex.
        assert!(matches!(
            store.draft_key(&master, stranger, request).await,
            Err(StoreError::CaseRefused(CaseRefusal::NoSuchDraft))
        ));
        let key = store.draft_key(&master, owner, request).await.unwrap();
        let again = store.draft_key(&master, owner, request).await.unwrap();
        let sealed = key.seal("check", b"same key").unwrap();
        assert_eq!(again.open("check", &sealed).unwrap(), b"same key", "{}: one key per draft", db.engine);

        let consent = put(&blobs, &key, "Letter of consent, 3 March").await;
        let authority = put(&blobs, &key, "Power of attorney").await;
        let exhibit = put(&blobs, &key, "Exhibit C-1").await;
        let head = store.head().await.unwrap();
        let refused = CaseChange::Attach {
            owner: stranger,
            request,
            annexes: vec![annex("exhibit", "en", "x.pdf", exhibit.clone())],
        };
        assert!(matches!(
            store.case_change("user:2", refused).await,
            Err(StoreError::CaseRefused(CaseRefusal::NoSuchDraft))
        ));
        assert_eq!(store.head().await.unwrap(), head, "{}: a refused attachment writes nothing", db.engine);
        let attach = CaseChange::Attach {
            owner,
            request,
            annexes: vec![
                annex("consent_to_mediate", "fr", "Lettre de consentement.pdf", consent.clone()),
                annex("proof_of_authority", "en", "Power of attorney.pdf", authority.clone()),
                annex("exhibit", "zh-Hant", "Exhibit C-1.pdf", exhibit.clone()),
            ],
        };
        store.case_change("user:1", attach).await.unwrap();
        let listed = store.annexes_of(owner, request).await.unwrap();
        assert_eq!(listed.len(), 3);
        assert_eq!(listed[0].title, "Lettre de consentement");
        assert!(store.annexes_of(stranger, request).await.unwrap().is_empty(), "only the owner lists them");

        // Taken off: gone from the draft, and recorded.
        let detach = CaseChange::Detach { owner, request, annex: listed[2].id };
        store.case_change("user:1", detach.clone()).await.unwrap();
        assert!(matches!(
            store.case_change("user:1", detach).await,
            Err(StoreError::CaseRefused(CaseRefusal::Annex(AnnexRefusal::NoSuchAnnex)))
        ));
        assert_eq!(store.annexes_of(owner, request).await.unwrap().len(), 2);
        let too_many = CaseChange::Attach {
            owner,
            request,
            annexes: (0..MAX_ANNEXES - 1).map(|_| annex("exhibit", "en", "e.pdf", exhibit.clone())).collect(),
        };
        assert!(matches!(
            store.case_change("user:1", too_many).await,
            Err(StoreError::CaseRefused(CaseRefusal::Annex(AnnexRefusal::TooMany)))
        ));

        let filed = CaseChange::File { owner, id: request, invitation: invitation(other), receipt: receipt() };
        let case = store.case_change("user:1", filed).await.unwrap().created.unwrap();
        let docs = store.documents_of(case).await.unwrap();
        let summary: Vec<_> =
            docs.iter().map(|d| (d.title.as_str(), d.kind, d.language.as_str(), d.audience)).collect();
        assert_eq!(
            summary,
            [
                ("Lettre de consentement", DocumentType::ConsentToMediate, "fr", Audience::Joint),
                ("Power of attorney", DocumentType::ProofOfAuthority, "en", Audience::Joint),
            ],
            "{}",
            db.engine
        );
        assert!(docs.iter().all(|d| d.filed_by == owner));
        // The case reads its annexes with the draft's key, and the draft holds it no more.
        let case_key = store.data_key(&master, case).await.unwrap();
        assert_eq!(read(&blobs, &case_key, &docs[0].blob).await, b"Letter of consent, 3 March");
        assert!(matches!(
            store.draft_key(&master, owner, request).await,
            Err(StoreError::CaseRefused(CaseRefusal::AlreadyFiled))
        ));
        let annexes = store.annexes_of(owner, request).await.unwrap();
        assert_eq!(annexes.iter().map(|a| a.document).collect::<Vec<_>>(), [Some(docs[0].id), Some(docs[1].id)]);
        let late = CaseChange::Attach { owner, request, annexes: vec![annex("exhibit", "en", "x.pdf", exhibit)] };
        assert!(matches!(
            store.case_change("user:1", late).await,
            Err(StoreError::CaseRefused(CaseRefusal::Annex(AnnexRefusal::AlreadyFiled)))
        ));

        // The ledger: attached, detached, and filed as documents, with no title.
        let kinds: Vec<String> =
            store.stream(&format!("request/{request}")).await.unwrap().into_iter().map(|r| r.kind).collect();
        assert!(kinds.contains(&"request.key_created".to_owned()), "{kinds:?}");
        assert_eq!(kinds.iter().filter(|k| *k == "request.annex_attached").count(), 3);
        assert_eq!(kinds.iter().filter(|k| *k == "request.annex_detached").count(), 1);
        let filings = store.stream(&format!("case/{case}/documents")).await.unwrap();
        assert_eq!(filings.iter().filter(|r| r.kind == "document.filed").count(), 2);
        let drafting = store.stream(&format!("request/{request}")).await.unwrap();
        assert!(filings.iter().chain(&drafting).all(|r| !r.body.contains("Lettre")), "no title in the ledger");

        // The sweep keeps what an annex names, filed or not.
        let pending = {
            let saved = CaseChange::SaveDraft { owner, id: None, draft: draft("offer", "ines@kestrel.example") };
            let request = store.case_change("user:1", saved).await.unwrap().created.unwrap();
            let key = store.draft_key(&master, owner, request).await.unwrap();
            let stored = put(&blobs, &key, "not filed yet").await;
            let attach =
                CaseChange::Attach { owner, request, annexes: vec![annex("other", "en", "n.pdf", stored.clone())] };
            store.case_change("user:1", attach).await.unwrap();
            (request, stored)
        };
        // (Written before the end of time: by the storage's clock, not the test's.)
        let swept = store.sweep_blobs(&blobs, jiff::Timestamp::MAX).await.unwrap();
        assert_eq!(swept.orphans, [listed[2].blob.clone()], "{}: only the detached annex", db.engine);

        // A new master key wraps the draft's key again, and the filed case's.
        let new = MasterKey::from_secret([8; 32]);
        assert_eq!(store.rotate_master(&master, &new).await.unwrap(), 2, "{}", db.engine);
        let key = store.draft_key(&new, owner, pending.0).await.unwrap();
        assert_eq!(read(&blobs, &key, &pending.1.address).await, b"not filed yet");
        let case_key = store.data_key(&new, case).await.unwrap();
        assert_eq!(read(&blobs, &case_key, &docs[1].blob).await, b"Power of attorney");
    }
}
