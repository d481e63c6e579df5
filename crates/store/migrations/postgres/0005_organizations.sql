CREATE TABLE organizations (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE memberships (
    user_id BIGINT NOT NULL,
    organization_id BIGINT NOT NULL,
    document TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    PRIMARY KEY (user_id, organization_id)
)
