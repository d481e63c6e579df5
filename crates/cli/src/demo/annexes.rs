//! The annexes screening asks for (W4), filed in a demo case before it is registered: the consent
//! to mediate and each represented side's proof of authority, fictional and encrypted like any
//! other filing.

use anyhow::{Context, anyhow};
use iomed_domain::access::{Standing, UserId};
use iomed_domain::documents::{DocumentMeta, MetaDraft};
use iomed_domain::request::Side;
use iomed_store::Store;
use iomed_store::accounts::OutgoingMail;
use iomed_store::blobs::{Blobs, MasterKey};
use iomed_store::documents::DocumentChange;

/// One fictional text document filed by `filer` with `meta`, sealed like any other filing and
/// told to `mails`; its id. The demo's documents and annexes are all filed through here.
pub(crate) async fn file_text(
    store: &Store,
    blobs: &Blobs,
    master: &MasterKey,
    (case, filer): (i64, UserId),
    (meta, file_name): (DocumentMeta, &str),
    text: &str,
    mails: Vec<OutgoingMail>,
) -> anyhow::Result<i64> {
    let key = store.data_key(master, case).await?;
    let body = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(text.as_bytes().to_vec()))]);
    let stored = blobs.put(&key, body, 1 << 20).await?;
    let change = DocumentChange::File {
        case,
        filer,
        meta,
        file_name: file_name.into(),
        media_type: "text/plain; charset=utf-8".into(),
        stored,
        mails,
    };
    let appended = store.document_change(&format!("user:{}", filer.0), change).await?;
    appended.created.context("a demo filing made no document")
}

/// One fictional text document filed in the joint case file by `filer`; its id.
async fn file_joint_text(
    store: &Store,
    blobs: &Blobs,
    master: &MasterKey,
    (case, filer): (i64, UserId),
    (title, kind, file_name): (&str, &str, &str),
    text: String,
) -> anyhow::Result<i64> {
    let meta = MetaDraft {
        title: title.into(),
        kind: kind.into(),
        language: "en".into(),
        audience: "joint".into(),
        ..MetaDraft::default()
    }
    .check()
    .map_err(|gaps| anyhow!("a demo annex's metadata has gaps: {gaps:?}"))?;
    file_text(store, blobs, master, (case, filer), (meta, file_name), &text, vec![]).await
}

/// Files the consent to mediate (by the requesting side) and a proof of authority for each side
/// represented on the case, as counsel would before screening.
pub(crate) async fn file_screening_annexes(
    store: &Store,
    blobs: &Blobs,
    master: &MasterKey,
    case: i64,
    (consent, parties): (&str, [&str; 2]),
) -> anyhow::Result<()> {
    let participants = store.participants(case).await?;
    let rep = |side| participants.iter().find(|p| p.standing == Standing::Party(side)).map(|p| p.user);
    let requesting = rep(Side::Requesting).context("a demo case has no requesting counsel")?;
    let heading = "FICTIONAL DEMONSTRATION DOCUMENT";
    file_joint_text(
        store,
        blobs,
        master,
        (case, requesting),
        (consent, "consent_to_mediate", "consent-to-mediate.txt"),
        format!("{heading}\n\n{consent}: the parties agree to refer their dispute to mediation under the rules of the International Organization for Mediation.\n"),
    )
    .await?;
    for (side, party) in [(Side::Requesting, parties[0]), (Side::Responding, parties[1])] {
        let Some(filer) = rep(side) else { continue };
        file_joint_text(
            store,
            blobs,
            master,
            (case, filer),
            ("Power of attorney", "proof_of_authority", "power-of-attorney.txt"),
            format!(
                "{heading}\n\n{party} authorizes its counsel named in this case to represent it in this mediation.\n"
            ),
        )
        .await?;
    }
    Ok(())
}

/// The demo draft's annexes, attached while drafting (only its counsel sees them until it is
/// filed): the charter party's mediation clause and the exhibits, fictional.
pub(crate) async fn attach_to_draft(
    store: &Store,
    blobs: &Blobs,
    master: &MasterKey,
    owner: UserId,
    request: i64,
) -> anyhow::Result<()> {
    use iomed_domain::documents::annexes::AnnexDraft;
    use iomed_store::cases::{CaseChange, NewAnnex};
    let key = store.draft_key(master, owner, request).await?;
    let mut annexes = Vec::new();
    for (kind, language, file_name, text) in [
        (
            "consent_to_mediate",
            "en",
            "Charter party clause 41 (mediation).txt",
            "Clause 41: disputes are first referred to mediation by IOMed.",
        ),
        (
            "exhibit",
            "en",
            "Exhibit C-1 statement of facts.txt",
            "Statement of facts at the discharge port, 14 days of demurrage.",
        ),
        ("exhibit", "zh-Hans", "Exhibit C-2 滞期费计算.txt", "滞期费计算表（虚构的演示文件）。"),
    ] {
        let draft = AnnexDraft { title: String::new(), kind: kind.into(), language: language.into() };
        let meta = draft.check(file_name).map_err(|gaps| anyhow!("a demo annex has gaps: {gaps:?}"))?;
        let text = format!("(Fictional demonstration document.) {text}");
        let body = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from(text.into_bytes()))]);
        let stored = blobs.put(&key, body, 1 << 20).await?;
        annexes.push(NewAnnex {
            meta,
            file_name: file_name.into(),
            media_type: "text/plain; charset=utf-8".into(),
            stored,
        });
    }
    store.case_change(&format!("user:{}", owner.0), CaseChange::Attach { owner, request, annexes }).await?;
    Ok(())
}
