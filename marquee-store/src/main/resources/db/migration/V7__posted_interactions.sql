-- Interactions posted to a recommender endpoint after its model was trained (POST /v1/endpoints/{e}/interactions).
-- Serving folds a user's posted items into their recommendations at once; a retrain of the endpoint appends the rows
-- not yet appended (appended_to IS NULL) to the model's interaction dataset and records the dataset version they
-- went into. `id` orders the rows as posted. `rating` is NULL for implicit events; `event_time` is the event's epoch
-- seconds as given (the posting time when none was given); `posted_at` is epoch milliseconds. No foreign key to
-- endpoints: deleting an endpoint deletes its rows explicitly.
CREATE TABLE posted_interactions (
    id ${identityPrimaryKey},
    tenant_id VARCHAR(64) NOT NULL REFERENCES tenants (id),
    endpoint_name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    rating DOUBLE PRECISION,
    event_time BIGINT NOT NULL,
    posted_at BIGINT NOT NULL,
    appended_to TEXT
);
CREATE INDEX posted_interactions_by_user ON posted_interactions (tenant_id, endpoint_name, user_id);
CREATE INDEX posted_interactions_pending ON posted_interactions (tenant_id, endpoint_name, appended_to);
