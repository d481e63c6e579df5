-- A document's number is its place among the documents of its audience in its case: counted
-- from this index, it is found without reading the case's other documents (a case of 5,000
-- documents took about 1.5 ms a document without it).
CREATE INDEX documents_by_audience ON documents (case_id, audience, seq)
