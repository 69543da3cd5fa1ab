-- Per-endpoint request-log settings: how often calls are sampled into the request log and which input/output
-- tensors (and request parameters) hold personal data to pseudonymise. A table of its own, keyed like endpoints
-- but without a foreign key to them, so that changes to the endpoints table never touch it. The settings outlive
-- the endpoint on purpose: an endpoint deleted and deployed again under the same name keeps its personal-field
-- markings instead of silently logging raw values.
CREATE TABLE endpoint_request_logging (
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    endpoint TEXT NOT NULL,
    -- NULL: the server default (request-log-sample-rate) applies.
    sample_rate DOUBLE PRECISION CHECK (sample_rate IS NULL OR (sample_rate >= 0 AND sample_rate <= 1)),
    -- JSON array of tensor names, written by Marquee's object mapper.
    personal_fields TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, endpoint)
);
