-- Orleans ADO.NET reminders for PostgreSQL (Orleans 10.4.2 query contract).
--
-- Keys: ReadReminderRowsKey, ReadReminderRowKey, ReadRangeRows1Key, ReadRangeRows2Key, UpsertReminderRowKey,
-- DeleteReminderRowKey, DeleteReminderRowsKey.
--
-- Contract:
--   * GrainHash is the grain's uniform hash (a uint) stored as a signed 32-bit integer; @BeginHash/@EndHash come
--     the same way. A reminder-service range is the ring interval (BeginHash, EndHash].
--     Orleans picks ReadRangeRows1Key when (int)BeginHash < (int)EndHash (no wrap in signed order):
--         GrainHash > @BeginHash AND GrainHash <= @EndHash
--     and ReadRangeRows2Key otherwise (BeginHash >= EndHash: the range wraps past the end of the ring;
--     BeginHash = EndHash is the whole ring):
--         GrainHash > @BeginHash OR GrainHash <= @EndHash
--   * Version is the reminder's ETag: upsert returns the new Version (0 on first insert, +1 on each update);
--     delete succeeds only with the current Version and returns one boolean-convertible column.
--   * Period is in milliseconds (bigint).

CREATE TABLE orleansreminderstable
(
    serviceid    varchar(150) NOT NULL,
    grainid      text         NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX ix_orleansreminderstable_hash ON orleansreminderstable (serviceid, grainhash);

INSERT INTO orleansquery (querykey, querytext) VALUES ('UpsertReminderRowKey', '
INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
SET starttime = excluded.starttime,
    period = excluded.period,
    grainhash = excluded.grainhash,
    version = orleansreminderstable.version + 1
RETURNING version AS "Version";
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowsKey', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime", period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId;
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadReminderRowKey', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime", period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows1Key', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime", period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND grainhash > @BeginHash AND grainhash <= @EndHash;
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('ReadRangeRows2Key', '
SELECT grainid AS "GrainId", remindername AS "ReminderName", starttime AS "StartTime", period AS "Period", version AS "Version"
FROM orleansreminderstable
WHERE serviceid = @ServiceId AND (grainhash > @BeginHash OR grainhash <= @EndHash);
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowKey', '
WITH del AS (
    DELETE FROM orleansreminderstable
    WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM del) AS "Deleted";
');

INSERT INTO orleansquery (querykey, querytext) VALUES ('DeleteReminderRowsKey', '
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
');
