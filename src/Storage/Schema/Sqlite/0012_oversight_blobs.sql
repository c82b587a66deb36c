-- Content-addressed evidence files (up to 25 MB each). sha256 is the lowercase hex SHA-256 of content.
CREATE TABLE oversight_blob
(
    sha256       TEXT    NOT NULL PRIMARY KEY,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    content      BLOB    NOT NULL
);
