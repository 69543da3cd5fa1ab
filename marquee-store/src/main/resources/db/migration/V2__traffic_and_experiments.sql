-- Marquee metadata schema, version 2: traffic routing and experiments.
-- An endpoint serves weighted routes (A/B, canary) and optional shadow routes; its batching settings live on the
-- endpoint row. Inferences that carry an OIP request id are remembered with the variant that answered them, so that
-- feedback sent later can be attributed; both logs are purged after the configured retention.

ALTER TABLE endpoints ADD COLUMN batch_max_size INTEGER;
ALTER TABLE endpoints ADD COLUMN batch_max_queue_delay_ms BIGINT;

-- kind 'route': share is the route's weight (any non-negative number; traffic is split in proportion).
-- kind 'shadow': share is the percentage of requests copied to the shadow.
-- The endpoints row keeps pointing at the first route (the control), so that the V1 columns stay meaningful.
CREATE TABLE endpoint_routes (
    tenant_id VARCHAR(64) NOT NULL,
    endpoint_name TEXT NOT NULL,
    kind VARCHAR(8) NOT NULL CHECK (kind IN ('route', 'shadow')),
    ordinal INTEGER NOT NULL CHECK (ordinal >= 0),
    route_name TEXT NOT NULL,
    model_name TEXT NOT NULL,
    model_reference TEXT NOT NULL,
    version INTEGER NOT NULL,
    share DOUBLE PRECISION NOT NULL CHECK (share >= 0),
    PRIMARY KEY (tenant_id, endpoint_name, kind, ordinal),
    UNIQUE (tenant_id, endpoint_name, route_name),
    FOREIGN KEY (tenant_id, endpoint_name) REFERENCES endpoints (tenant_id, name) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, model_name, version) REFERENCES model_versions (tenant_id, model_name, version)
);

-- Endpoints deployed before version 2 become one route carrying all traffic.
INSERT INTO endpoint_routes
    (tenant_id, endpoint_name, kind, ordinal, route_name, model_name, model_reference, version, share)
SELECT tenant_id, name, 'route', 0, model_name || '-v' || CAST(version AS TEXT), model_name, model_reference,
    version, 100
FROM endpoints;

-- Which variant answered an inference that carried a request id. Written in batches off the request path; request
-- ids longer than the store keeps verbatim are stored as their SHA-256 (see JdbcExperimentRepository).
CREATE TABLE inference_assignments (
    tenant_id VARCHAR(64) NOT NULL,
    endpoint_name TEXT NOT NULL,
    request_id TEXT NOT NULL,
    route_name TEXT NOT NULL,
    model_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    served_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, endpoint_name, request_id)
);

CREATE INDEX inference_assignments_by_time ON inference_assignments (served_at);

-- Logged outcomes: one row per observation. Feedback for a request id replaces earlier feedback for the same id.
CREATE TABLE experiment_feedback (
    id ${identityPrimaryKey},
    tenant_id VARCHAR(64) NOT NULL,
    endpoint_name TEXT NOT NULL,
    request_id TEXT,
    route_name TEXT NOT NULL,
    reward DOUBLE PRECISION NOT NULL,
    received_at BIGINT NOT NULL
);

CREATE INDEX experiment_feedback_by_endpoint ON experiment_feedback (tenant_id, endpoint_name, route_name);
CREATE INDEX experiment_feedback_by_request ON experiment_feedback (tenant_id, endpoint_name, request_id);
CREATE INDEX experiment_feedback_by_time ON experiment_feedback (received_at);
