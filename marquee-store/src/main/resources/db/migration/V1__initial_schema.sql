-- Marquee metadata schema, version 1.
-- Portable between SQLite and PostgreSQL: the only vendor difference, the auto-numbered key of the audit log, comes
-- in through the Flyway placeholder ${identityPrimaryKey}. Timestamps are epoch milliseconds (BIGINT) so that they
-- round-trip exactly on both databases; JSON documents are TEXT written by Marquee's own object mapper.

CREATE TABLE tenants (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    is_operator BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL
);

-- At most one operator tenant, even when several replicas start for the first time together.
CREATE UNIQUE INDEX tenants_single_operator ON tenants (is_operator) WHERE is_operator;

CREATE TABLE api_keys (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    scopes TEXT NOT NULL,
    token_sha256 VARCHAR(64) NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX api_keys_by_tenant ON api_keys (tenant_id, created_at);

-- The last version handed out per (tenant, kind, name). Incrementing it with an upsert inside the creating
-- transaction serialises concurrent creators on one row, so versions are consecutive and never collide, and a
-- version number is never reused.
CREATE TABLE version_sequences (
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    kind VARCHAR(16) NOT NULL CHECK (kind IN ('dataset', 'model')),
    name TEXT NOT NULL,
    last_version INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, kind, name)
);

CREATE TABLE datasets (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    sha256 VARCHAR(64) NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    profile TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant_id, name, version)
);

CREATE INDEX datasets_by_tenant ON datasets (tenant_id, created_at);

-- dataset_id has no foreign key on purpose: erasing a dataset on request must not erase the history of the jobs
-- that used it. The repository checks, within the tenant, that the dataset exists when a job is created.
CREATE TABLE training_jobs (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    dataset_id VARCHAR(64) NOT NULL,
    model_name TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    request TEXT NOT NULL,
    state VARCHAR(16) NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    progress DOUBLE PRECISION NOT NULL,
    message TEXT NOT NULL,
    metrics TEXT NOT NULL,
    model_version INTEGER,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT
);

CREATE INDEX training_jobs_by_tenant ON training_jobs (tenant_id, created_at);
CREATE INDEX training_jobs_by_state ON training_jobs (state, created_at);

CREATE TABLE model_versions (
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    model_name TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    artifact_sha256 VARCHAR(64) NOT NULL,
    artifact_size_bytes BIGINT NOT NULL CHECK (artifact_size_bytes >= 0),
    manifest TEXT NOT NULL,
    job_id VARCHAR(64),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, model_name, version)
);

CREATE TABLE model_aliases (
    tenant_id VARCHAR(64) NOT NULL,
    model_name TEXT NOT NULL,
    alias VARCHAR(63) NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, model_name, alias),
    FOREIGN KEY (tenant_id, model_name, version) REFERENCES model_versions (tenant_id, model_name, version)
);

CREATE TABLE endpoints (
    tenant_id VARCHAR(64) NOT NULL,
    name TEXT NOT NULL,
    model_name TEXT NOT NULL,
    model_reference TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, name),
    FOREIGN KEY (tenant_id, model_name, version) REFERENCES model_versions (tenant_id, model_name, version)
);

CREATE TABLE audit_log (
    id ${identityPrimaryKey},
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    actor_key_id VARCHAR(64) NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    detail TEXT NOT NULL,
    occurred_at BIGINT NOT NULL
);

CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, occurred_at, id);
