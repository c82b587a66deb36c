-- Content-addressed evidence files (up to 25 MB each). sha256 is the lowercase hex SHA-256 of content.
CREATE TABLE oversight_blob
(
    sha256       text   NOT NULL PRIMARY KEY,
    content_type text   NOT NULL,
    size         bigint NOT NULL,
    created_at   text   NOT NULL,
    content      bytea  NOT NULL
);
