package dev.marquee.store;

/**
 * All metadata repositories over one database. Implementations run Flyway migrations when opened.
 * Thread-safe. Closing releases the database.
 */
public interface MetadataStore extends AutoCloseable {
    TenantRepository tenants();

    ApiKeyRepository apiKeys();

    DatasetRepository datasets();

    TrainingJobRepository jobs();

    ModelRepository models();

    EndpointRepository endpoints();

    ExperimentRepository experiments();

    AuditRepository audit();

    /** Per-endpoint request-log settings (sampling, personal fields). */
    EndpointLoggingRepository endpointLogging();

    /** Interactions posted to recommender endpoints after training. */
    PostedInteractionRepository postedInteractions();

    @Override
    void close();
}
