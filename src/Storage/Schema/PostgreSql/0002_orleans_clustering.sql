-- Orleans ADO.NET clustering (membership) for PostgreSQL (Orleans 10.4.2 query contract).
--
-- Keys: MembershipReadAllKey, MembershipReadRowKey, InsertMembershipVersionKey, InsertMembershipKey,
-- UpdateMembershipKey, UpdateIAmAlivetimeKey, GatewaysQueryKey, DeleteMembershipTableEntriesKey,
-- CleanupDefunctSiloEntriesKey.
--
-- Contract:
--   * One version row per deployment (cluster id). Its Version is the membership table's ETag: every insert or
--     update of a silo row must present the current Version and bumps it by one, atomically with the row change.
--   * Read queries LEFT JOIN from the version row so the version comes back even with no silo rows
--     (StartTime NULL means "no entry"). Column names are the ones Orleans reads by name.
--   * Insert/Update/InsertVersion return a single column that converts to a boolean (1 = applied, 0 = not).
--   * SuspectTimes is Orleans' own "address,date|address,date" text.

CREATE TABLE orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL PRIMARY KEY,
    timestamp    timestamptz  NOT NULL DEFAULT now(),
    version      integer      NOT NULL DEFAULT 0
);

CREATE TABLE orleansmembershiptable
(
    deploymentid varchar(150) NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45)  NOT NULL,
    port         integer      NOT NULL,
    generation   integer      NOT NULL,
    siloname     varchar(150) NOT NULL,
    hostname     varchar(150) NOT NULL,
    status       integer      NOT NULL,
    proxyport    integer      NULL,
    suspecttimes text         NULL,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

-- Inserts a silo row and bumps the version, only if the caller saw the current version and the row is new.
CREATE FUNCTION orleans_insert_membership(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_siloname text, p_hostname text, p_status integer, p_proxyport integer,
    p_starttime timestamptz, p_iamalivetime timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $func$
DECLARE
    affected integer;
BEGIN
    -- Lock the version row; under READ COMMITTED a concurrent bump makes this find nothing.
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deploymentid, p_address, p_port, p_generation, p_siloname, p_hostname, p_status, p_proxyport, p_starttime, p_iamalivetime)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$func$;

-- Updates a silo row and bumps the version, only if the caller saw the current version and the row exists.
CREATE FUNCTION orleans_update_membership(
    p_deploymentid text, p_address text, p_port integer, p_generation integer,
    p_status integer, p_suspecttimes text, p_iamalivetime timestamptz, p_version integer)
RETURNS integer
LANGUAGE plpgsql
AS $func$
DECLARE
    affected integer;
BEGIN
    PERFORM 1 FROM orleansmembershipversiontable
    WHERE deploymentid = p_deploymentid AND version = p_version
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
    SET status = p_status, suspecttimes = p_suspecttimes, iamalivetime = p_iamalivetime
    WHERE deploymentid = p_deploymentid AND address = p_address AND port = p_port AND generation = p_generation;
    GET DIAGNOSTICS affected = ROW_COUNT;
    IF affected = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
    SET version = version + 1, timestamp = now()
    WHERE deploymentid = p_deploymentid;
    RETURN 1;
END
$func$;

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipVersionKey', '
WITH ins AS (
    INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::integer AS "Inserted";
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('InsertMembershipKey', '
SELECT orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                 @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "Inserted";
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateMembershipKey', '
SELECT orleans_update_membership(@DeploymentId, @Address, @Port, @Generation,
                                 @Status, @SuspectTimes, @IAmAliveTime, @Version) AS "Updated";
');

-- Orleans ignores the result ("expected never to fail").
INSERT INTO orleansquery (querykey, querytext) VALUES ('UpdateIAmAlivetimeKey', '
UPDATE orleansmembershiptable
SET iamalivetime = @IAmAliveTime
WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadRowKey', '
SELECT v.deploymentid AS "DeploymentId",
       m.address      AS "Address",
       m.port         AS "Port",
       m.generation   AS "Generation",
       m.siloname     AS "SiloName",
       m.hostname     AS "HostName",
       m.status       AS "Status",
       m.proxyport    AS "ProxyPort",
       m.suspecttimes AS "SuspectTimes",
       m.starttime    AS "StartTime",
       m.iamalivetime AS "IAmAliveTime",
       v.version      AS "Version"
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m
       ON m.deploymentid = v.deploymentid
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deploymentid = @DeploymentId;
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('MembershipReadAllKey', '
SELECT v.deploymentid AS "DeploymentId",
       m.address      AS "Address",
       m.port         AS "Port",
       m.generation   AS "Generation",
       m.siloname     AS "SiloName",
       m.hostname     AS "HostName",
       m.status       AS "Status",
       m.proxyport    AS "ProxyPort",
       m.suspecttimes AS "SuspectTimes",
       m.starttime    AS "StartTime",
       m.iamalivetime AS "IAmAliveTime",
       v.version      AS "Version"
FROM orleansmembershipversiontable v
LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
WHERE v.deploymentid = @DeploymentId;
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteMembershipTableEntriesKey', '
DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
');

-- @Status is SiloStatus.Active (3).
INSERT INTO orleansquery (querykey, querytext) VALUES ('GatewaysQueryKey', '
SELECT address AS "Address", proxyport AS "ProxyPort", generation AS "Generation"
FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
');

-- Removes rows of silos that stopped sending I-am-alive before @IAmAliveTime and are not Active (3).
INSERT INTO orleansquery (querykey, querytext) VALUES ('CleanupDefunctSiloEntriesKey', '
DELETE FROM orleansmembershiptable
WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND status <> 3;
');
