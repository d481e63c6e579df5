ALTER TABLE appointments ADD COLUMN later_disclosures TEXT NOT NULL DEFAULT '[]';
CREATE TABLE sg_requests (
    case_id INTEGER PRIMARY KEY,
    side TEXT NOT NULL,
    requested_on TEXT NOT NULL
);
