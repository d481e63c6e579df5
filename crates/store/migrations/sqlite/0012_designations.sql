CREATE TABLE designations (
    id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    panel TEXT NOT NULL,
    mediator INTEGER NOT NULL,
    designated_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    withdrawn_on TEXT
);
CREATE INDEX designations_by_state ON designations (state, panel);
CREATE INDEX designations_by_mediator ON designations (mediator);
