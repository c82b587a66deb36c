-- Orleans ADO.NET grain persistence for PostgreSQL (Orleans 10.4.2 query contract).
--
-- Orleans reads its statements from OrleansQuery at silo start-up. The persistence provider needs
-- ReadFromStorageKey, WriteToStorageKey and ClearStorageKey (DeleteStorageKey when DeleteStateOnClear is set).
--
-- Contract (see AdoNetGrainStorage):
--   * Read returns at most one row with the columns PayloadBinary and Version. A row whose PayloadBinary is NULL
--     (a cleared state) still gives the grain its ETag (Version) but RecordExists = false.
--   * Write/Clear/Delete return exactly one row with one column NewGrainStateVersion:
--       success -> the new version; version conflict -> the unchanged @GrainStateVersion (NULL when it was NULL).
--     Orleans raises InconsistentStateException when the returned value equals the grain's ETag (or is empty).
--   * A unique index (NULLS NOT DISTINCT, PostgreSQL 15+) over the natural key makes the first insert race-free
--     (INSERT ... ON CONFLICT DO NOTHING) when two activations of one grain write concurrently.

CREATE TABLE orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);

CREATE TABLE orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,     -- UTF-8 System.Text.Json (SystemTextJsonGrainStorageSerializer)
    modifiedon             timestamptz  NOT NULL, -- informational
    version                integer      NULL
);

CREATE INDEX ix_orleansstorage ON orleansstorage (grainidhash, graintypehash);

CREATE UNIQUE INDEX ux_orleansstorage_key ON orleansstorage
    (grainidhash, graintypehash, grainidn0, grainidn1, graintypestring, grainidextensionstring, serviceid)
    NULLS NOT DISTINCT;

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadFromStorageKey', '
SELECT payloadbinary AS "PayloadBinary", version AS "Version"
FROM orleansstorage
WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
  AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
  AND graintypestring = @GrainTypeString
  AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
  AND serviceid = @ServiceId
LIMIT 1;
');

-- First write (no ETag): insert version 1 unless a row already exists (another activation won the race).
-- Later writes: update only when the stored version still equals the grain's ETag.
INSERT INTO orleansquery (querykey, querytext) VALUES ('WriteToStorageKey', '
WITH ins AS (
    INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString, @ServiceId, @PayloadBinary, now(), 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
), upd AS (
    UPDATE orleansstorage
    SET payloadbinary = @PayloadBinary, modifiedon = now(), version = version + 1
    WHERE @GrainStateVersion IS NOT NULL
      AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT COALESCE((SELECT version FROM ins), (SELECT version FROM upd), @GrainStateVersion) AS "NewGrainStateVersion";
');

-- Clear keeps the row (payload NULL) and bumps the version, so the ETag chain continues.
INSERT INTO orleansquery (querykey, querytext) VALUES ('ClearStorageKey', '
WITH upd AS (
    UPDATE orleansstorage
    SET payloadbinary = NULL, modifiedon = now(), version = version + 1
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT COALESCE((SELECT version FROM upd), @GrainStateVersion) AS "NewGrainStateVersion";
');

-- Used only with AdoNetGrainStorageOptions.DeleteStateOnClear = true: removes the row.
INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteStorageKey', '
WITH del AS (
    DELETE FROM orleansstorage
    WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
      AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
      AND graintypestring = @GrainTypeString
      AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
      AND serviceid = @ServiceId
      AND version = @GrainStateVersion
    RETURNING version
)
SELECT CASE WHEN EXISTS (SELECT 1 FROM del) THEN @GrainStateVersion + 1 ELSE @GrainStateVersion END AS "NewGrainStateVersion";
');
