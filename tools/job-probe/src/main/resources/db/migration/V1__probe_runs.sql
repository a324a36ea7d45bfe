-- Every run of a probe job: the first in PROBE_RUNS (one row per job id, by its primary key), any
-- later one in PROBE_REPEATS, so a test can tell "ran once" from "ran again after a crash".
CREATE TABLE PROBE_RUNS (
    JOB_ID    VARCHAR(36) PRIMARY KEY,
    TENANT_ID VARCHAR(36) NOT NULL,
    ATTEMPT   INTEGER     NOT NULL
);
CREATE TABLE PROBE_REPEATS (
    ID        VARCHAR(36) PRIMARY KEY,
    TENANT_ID VARCHAR(36) NOT NULL,
    JOB_ID    VARCHAR(36) NOT NULL,
    ATTEMPT   INTEGER     NOT NULL
);
