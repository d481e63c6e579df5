//! The keys: the master key's rotation (every case key wrapped again, in one write), and both
//! keys exported apart from the backups, sealed under a passphrase (argon2id, XChaCha20-Poly1305).

use std::io::Write as _;
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::{Any, Row as _, Transaction};

use iomed_domain::access::UserId;

use crate::StoreError;
use crate::accounts::Entry;
use crate::backup::{BackupError, io};
use crate::blobs::{DataKey, KeyOwner, MasterKey};
use crate::cases::{CaseChange, CaseRefusal};
use crate::documents::{DocumentChange, DocumentRefusal};

/// Applies [`DocumentChange::RewrapKeys`] in the writer's transaction.
pub(crate) async fn rewrap(
    tx: &mut Transaction<'_, Any>,
    keys: &[(i64, String, String)],
    drafts: &[(i64, String, String)],
    new_key_id: &str,
) -> Result<Result<Vec<Entry>, DocumentRefusal>, StoreError> {
    let cases =
        sqlx::query("SELECT COUNT(*) AS n FROM case_keys").fetch_one(&mut **tx).await?.try_get::<i64, _>("n")?;
    let pending = sqlx::query("SELECT COUNT(*) AS n FROM requests WHERE wrapped_key IS NOT NULL")
        .fetch_one(&mut **tx)
        .await?
        .try_get::<i64, _>("n")?;
    if cases != keys.len() as i64 || pending != drafts.len() as i64 {
        return Ok(Err(DocumentRefusal::KeysChanged));
    }
    let updates = [
        ("UPDATE case_keys SET wrapped = $1 WHERE case_id = $2 AND wrapped = $3", keys),
        ("UPDATE requests SET wrapped_key = $1 WHERE id = $2 AND wrapped_key = $3 AND case_id IS NULL", drafts),
    ];
    for (sql, keys) in updates {
        for (id, old, new) in keys {
            let changed = sqlx::query(sql)
                .bind(new.as_str())
                .bind(*id)
                .bind(old.as_str())
                .execute(&mut **tx)
                .await?
                .rows_affected();
            if changed != 1 {
                return Ok(Err(DocumentRefusal::KeysChanged));
            }
        }
    }
    Ok(Ok(vec![Entry {
        stream: "keys".into(),
        kind: "keys.master_rotated",
        body: json!({"case_keys": keys.len(), "draft_keys": drafts.len(), "new_key_id": new_key_id}),
    }]))
}

/// A data key as stored: the case whose row holds it (none: a draft not filed yet holds it),
/// what its wrapping is bound to, and the wrapping.
pub(crate) struct StoredKey {
    pub case: Option<i64>,
    pub owner: KeyOwner,
    pub wrapped: String,
}

/// Every data key as stored: the cases' first, then those of drafts not filed yet.
pub(crate) async fn wrapped_keys(conn: &mut sqlx::AnyConnection) -> Result<Vec<StoredKey>, StoreError> {
    let cases = sqlx::query(
        "SELECT k.case_id, k.draft_id, k.wrapped, c.request_id FROM case_keys k LEFT JOIN cases c ON c.id = k.case_id \
         ORDER BY k.case_id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let drafts = sqlx::query("SELECT id, wrapped_key FROM requests WHERE wrapped_key IS NOT NULL ORDER BY id")
        .fetch_all(&mut *conn)
        .await?;
    let mut all = Vec::with_capacity(cases.len() + drafts.len());
    for r in &cases {
        let case: i64 = r.try_get("case_id")?;
        let owner = match r.try_get::<Option<i64>, _>("draft_id")? {
            // Bound to the draft its case was filed from, and to no other.
            Some(draft) if Some(draft) == r.try_get::<Option<i64>, _>("request_id")? => KeyOwner::Draft(draft),
            Some(_) => return Err(StoreError::corrupt(format!("the key of case {case} is bound to another draft"))),
            None => KeyOwner::Case(case),
        };
        all.push(StoredKey { case: Some(case), owner, wrapped: r.try_get("wrapped")? });
    }
    for r in &drafts {
        all.push(StoredKey {
            case: None,
            owner: KeyOwner::Draft(r.try_get("id")?),
            wrapped: r.try_get("wrapped_key")?,
        });
    }
    Ok(all)
}

pub use iomed_domain::signing::SigningKeyUse;
use iomed_domain::signing::with_periods;

impl crate::Store {
    /// The case's data key, made (and kept, wrapped) on first use. A case filed from a draft with
    /// annexes keeps the draft's key, bound to the draft the case names.
    pub async fn data_key(&self, master: &MasterKey, case: i64) -> Result<DataKey, StoreError> {
        if let Some((owner, wrapped)) = self.wrapped_key(case).await? {
            return master.unwrap_for(owner, &wrapped).map_err(StoreError::Key);
        }
        let wrapped = DataKey::generate().and_then(|k| master.wrap(case, &k)).map_err(StoreError::Key)?;
        self.document_change("system", DocumentChange::EnsureKey { case, wrapped }).await?;
        // Another upload may have made the key first: the stored one wins.
        match self.wrapped_key(case).await? {
            Some((owner, wrapped)) => master.unwrap_for(owner, &wrapped).map_err(StoreError::Key),
            None => Err(StoreError::corrupt("a case key vanished after it was stored")),
        }
    }

    async fn wrapped_key(&self, case: i64) -> Result<Option<(KeyOwner, String)>, StoreError> {
        let row = sqlx::query(
            "SELECT k.wrapped, k.draft_id, c.request_id FROM case_keys k JOIN cases c ON c.id = k.case_id \
             WHERE k.case_id = $1",
        )
        .bind(case)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let owner = match row.try_get::<Option<i64>, _>("draft_id")? {
            None => KeyOwner::Case(case),
            // Bound to the draft the case was filed from, and to no other.
            Some(draft) if draft == row.try_get::<i64, _>("request_id")? => KeyOwner::Draft(draft),
            Some(_) => return Err(StoreError::corrupt("a case key bound to another case's draft")),
        };
        Ok(Some((owner, row.try_get("wrapped")?)))
    }

    /// The data key of `owner`'s draft `request`, made (and kept, wrapped on the draft) at its
    /// first annex. Refused once the draft is filed: the case has the key then.
    pub async fn draft_key(&self, master: &MasterKey, owner: UserId, request: i64) -> Result<DataKey, StoreError> {
        if let Some(wrapped) = self.draft_wrapped_key(owner, request).await? {
            return master.unwrap_for(KeyOwner::Draft(request), &wrapped).map_err(StoreError::Key);
        }
        let wrapped =
            DataKey::generate().and_then(|k| master.wrap_for(KeyOwner::Draft(request), &k)).map_err(StoreError::Key)?;
        self.case_change(&format!("user:{}", owner.0), CaseChange::EnsureDraftKey { owner, request, wrapped }).await?;
        match self.draft_wrapped_key(owner, request).await? {
            Some(wrapped) => master.unwrap_for(KeyOwner::Draft(request), &wrapped).map_err(StoreError::Key),
            None => Err(StoreError::corrupt("a draft key vanished after it was stored")),
        }
    }

    async fn draft_wrapped_key(&self, owner: UserId, request: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT wrapped_key, case_id FROM requests WHERE id = $1 AND owner = $2")
            .bind(request)
            .bind(owner.0)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            None => Err(StoreError::CaseRefused(CaseRefusal::NoSuchDraft)),
            Some(r) if r.try_get::<Option<i64>, _>("case_id")?.is_some() => {
                Err(StoreError::CaseRefused(CaseRefusal::AlreadyFiled))
            }
            Some(r) => Ok(r.try_get("wrapped_key")?),
        }
    }

    /// Every key that signed a checkpoint, in the order they were used, and this server's own,
    /// each with its period: what was signed before a rotation verifies with the key of its time.
    pub async fn signing_keys(&self) -> Result<Vec<SigningKeyUse>, StoreError> {
        let rows = sqlx::query(
            "SELECT public_key, MIN(at) AS first_signed, MAX(at) AS last_signed FROM ledger_checkpoint \
             GROUP BY public_key ORDER BY MIN(seq)",
        )
        .fetch_all(&self.pool)
        .await?;
        let current = hex::encode(self.signer().public_key());
        let mut keys = rows
            .iter()
            .map(|r| {
                let public_key: String = r.try_get("public_key")?;
                Ok(SigningKeyUse {
                    current: public_key == current,
                    public_key,
                    first_signed: r.try_get("first_signed")?,
                    last_signed: r.try_get("last_signed")?,
                    valid_from: None,
                    valid_until: None,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        if !keys.iter().any(|k| k.current) {
            keys.push(SigningKeyUse {
                public_key: current,
                first_signed: None,
                last_signed: None,
                current: true,
                valid_from: None,
                valid_until: None,
            });
        }
        Ok(with_periods(keys))
    }

    /// Ends this server's signing key: records that `next` signs from now on (in an entry that
    /// this key's last checkpoint covers). The caller then puts `next` in place of the key.
    pub async fn retire_signing_key(&self, next: &crate::Signer) -> Result<(), StoreError> {
        let body = json!({
            "old_public_key": hex::encode(self.signer().public_key()),
            "new_public_key": hex::encode(next.public_key()),
        });
        self.record("operator:cli", "keys", "keys.signing_rotated", body).await?;
        self.checkpoint().await?;
        Ok(())
    }

    /// Wraps every case key again under `new` (one write, recorded in the ledger without any key
    /// material): after it, `old` opens nothing written since. The server must not be running
    /// with `old` meanwhile: it would make new case keys under it. Returns how many keys.
    pub async fn rotate_master(&self, old: &MasterKey, new: &MasterKey) -> Result<usize, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let stored = wrapped_keys(&mut conn).await?;
        drop(conn);
        let (mut keys, mut drafts) = (Vec::new(), Vec::new());
        for StoredKey { case, owner, wrapped } in stored {
            let key = old.unwrap_for(owner, &wrapped).map_err(StoreError::Key)?;
            let again = new.wrap_for(owner, &key).map_err(StoreError::Key)?;
            match (case, owner) {
                (Some(case), _) => keys.push((case, wrapped, again)),
                (None, KeyOwner::Draft(draft)) => drafts.push((draft, wrapped, again)),
                (None, KeyOwner::Case(_)) => return Err(StoreError::corrupt("a case key without its case")),
            }
        }
        let n = keys.len() + drafts.len();
        self.document_change("operator:cli", DocumentChange::RewrapKeys { keys, drafts, new_key_id: new.id() }).await?;
        Ok(n)
    }
}

/// The file `iomed key export` writes: the two keys sealed under a key derived from the
/// passphrase.
#[derive(Debug, Serialize, Deserialize)]
struct KeyExport {
    format: String,
    kdf: String,
    m_cost: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
    sealed: String,
}

#[derive(Serialize, Deserialize)]
struct KeyPair {
    master: String,
    signing: String,
}

const EXPORT_FORMAT: &str = "iomed-keys-1";
const EXPORT_CONTEXT: &[u8] = b"iomed key export";
/// The shortest passphrase an export takes.
pub const MIN_PASSPHRASE: usize = 12;

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<[u8; 32], BackupError> {
    let params = argon2::Params::new(m, t, p, Some(32)).map_err(|e| BackupError::Kdf(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = [0u8; 32];
    argon.hash_password_into(passphrase.as_bytes(), salt, &mut out).map_err(|e| BackupError::Kdf(e.to_string()))?;
    Ok(out)
}

fn read_key_file(path: &Path) -> Result<String, BackupError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    let text = text.trim().to_owned();
    let mut check = [0u8; 32];
    hex::decode_to_slice(&text, &mut check).map_err(|_| BackupError::NotAnExport(path.to_owned()))?;
    Ok(text)
}

/// Seals the master key and the signing key (their files) under `passphrase` into `out`, a new
/// file.
pub fn export_keys(master: &Path, signing: &Path, passphrase: &str, out: &Path) -> Result<(), BackupError> {
    if passphrase.chars().count() < MIN_PASSPHRASE {
        return Err(BackupError::ShortPassphrase(MIN_PASSPHRASE));
    }
    let pair = KeyPair { master: read_key_file(master)?, signing: read_key_file(signing)? };
    let (m, t, p) = (64 * 1024, 3, 1);
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| BackupError::Kdf(e.to_string()))?;
    let key = derive(passphrase, &salt, m, t, p)?;
    let mut nonce = [0u8; 24];
    getrandom::fill(&mut nonce).map_err(|e| BackupError::Kdf(e.to_string()))?;
    let plain = serde_json::to_vec(&pair).map_err(|e| BackupError::Manifest(e.to_string()))?;
    let sealed = XChaCha20Poly1305::new(&key.into())
        .encrypt(&XNonce::from(nonce), Payload { msg: &plain, aad: EXPORT_CONTEXT })
        .map_err(|_| BackupError::Kdf("the keys could not be sealed".into()))?;
    let export = KeyExport {
        format: EXPORT_FORMAT.into(),
        kdf: "argon2id".into(),
        m_cost: m,
        t_cost: t,
        p_cost: p,
        salt: hex::encode(salt),
        sealed: format!("{}{}", hex::encode(nonce), hex::encode(sealed)),
    };
    let text = serde_json::to_string_pretty(&export).map_err(|e| BackupError::Manifest(e.to_string()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(out).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::KeyExists(out.to_owned()),
        _ => io(out)(e),
    })?;
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(io(out))?;
    Ok(())
}

/// Opens an export with `passphrase` and writes the two key files, neither of which may exist.
pub fn import_keys(export: &Path, passphrase: &str, master: &Path, signing: &Path) -> Result<(), BackupError> {
    let text = std::fs::read_to_string(export).map_err(io(export))?;
    let parsed: KeyExport = serde_json::from_str(&text).map_err(|_| BackupError::NotAnExport(export.to_owned()))?;
    if parsed.format != EXPORT_FORMAT || parsed.kdf != "argon2id" {
        return Err(BackupError::NotAnExport(export.to_owned()));
    }
    // Bounds on what a file may ask the key derivation for (at most 1 GiB, 10 passes).
    if parsed.m_cost > 1024 * 1024 || parsed.t_cost > 10 || parsed.p_cost > 8 {
        return Err(BackupError::NotAnExport(export.to_owned()));
    }
    let salt = hex::decode(&parsed.salt).map_err(|_| BackupError::NotAnExport(export.to_owned()))?;
    let sealed = hex::decode(&parsed.sealed).map_err(|_| BackupError::NotAnExport(export.to_owned()))?;
    if sealed.len() < 24 {
        return Err(BackupError::NotAnExport(export.to_owned()));
    }
    let (nonce, body) = sealed.split_at(24);
    let nonce = XNonce::try_from(nonce).map_err(|_| BackupError::NotAnExport(export.to_owned()))?;
    let key = derive(passphrase, &salt, parsed.m_cost, parsed.t_cost, parsed.p_cost)?;
    let plain = XChaCha20Poly1305::new(&key.into())
        .decrypt(&nonce, Payload { msg: body, aad: EXPORT_CONTEXT })
        .map_err(|_| BackupError::WrongPassphrase)?;
    let pair: KeyPair = serde_json::from_slice(&plain).map_err(|_| BackupError::NotAnExport(export.to_owned()))?;
    for path in [master, signing] {
        if path.exists() {
            return Err(BackupError::KeyExists(path.to_owned()));
        }
    }
    for (path, hex_key) in [(master, &pair.master), (signing, &pair.signing)] {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(io(path))?;
        writeln!(file, "{hex_key}").and_then(|()| file.sync_all()).map_err(io(path))?;
    }
    Ok(())
}
