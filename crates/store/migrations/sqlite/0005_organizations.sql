CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE memberships (
    user_id INTEGER NOT NULL,
    organization_id INTEGER NOT NULL,
    document TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    PRIMARY KEY (user_id, organization_id)
)
