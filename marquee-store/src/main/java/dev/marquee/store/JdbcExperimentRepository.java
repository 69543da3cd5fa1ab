package dev.marquee.store;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link ExperimentRepository} over the {@code inference_assignments} and {@code experiment_feedback} tables.
 * Request ids longer than {@link #MAX_VERBATIM_REQUEST_ID} characters are stored as {@code sha256:<hex>} of their
 * UTF-8 bytes, because PostgreSQL cannot index arbitrarily long keys; lookups apply the same mapping, so callers
 * never see the difference (except in the stored row).
 */
final class JdbcExperimentRepository implements ExperimentRepository {
    static final int MAX_VERBATIM_REQUEST_ID = 128;

    private final Database database;

    JdbcExperimentRepository(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    static String storedRequestId(String requestId) {
        if (requestId.length() <= MAX_VERBATIM_REQUEST_ID) {
            return requestId;
        }
        MessageDigest digest = Sha256.newDigest();
        digest.update(requestId.getBytes(StandardCharsets.UTF_8));
        return "sha256:" + Sha256.hex(digest);
    }

    @Override
    public void recordAssignments(List<InferenceAssignment> assignments) {
        requireNonNull(assignments, "assignments is null");
        if (assignments.isEmpty()) {
            return;
        }
        database.write("record inference assignments", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    """
                    INSERT INTO inference_assignments
                        (tenant_id, endpoint_name, request_id, route_name, model_name, version, served_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant_id, endpoint_name, request_id) DO UPDATE SET
                        route_name = excluded.route_name, model_name = excluded.model_name,
                        version = excluded.version, served_at = excluded.served_at""")) {
                for (InferenceAssignment assignment : assignments) {
                    Sql.bind(
                            statement,
                            assignment.tenantId(),
                            assignment.endpointName(),
                            storedRequestId(assignment.requestId()),
                            assignment.routeName(),
                            assignment.modelName(),
                            assignment.version(),
                            assignment.servedAt().truncatedTo(ChronoUnit.MILLIS));
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<InferenceAssignment> findAssignment(String tenantId, String endpointName, String requestId) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        requireNonNull(requestId, "requestId is null");
        return database.read(
                "find inference assignment",
                connection -> Sql.first(
                        connection,
                        """
                        SELECT route_name, model_name, version, served_at FROM inference_assignments
                        WHERE tenant_id = ? AND endpoint_name = ? AND request_id = ?""",
                        row -> new InferenceAssignment(
                                tenantId,
                                endpointName,
                                requestId,
                                row.getString("route_name"),
                                row.getString("model_name"),
                                row.getInt("version"),
                                Sql.instant(row, "served_at")),
                        tenantId,
                        endpointName,
                        storedRequestId(requestId)));
    }

    @Override
    public void recordFeedback(ExperimentFeedback feedback) {
        requireNonNull(feedback, "feedback is null");
        database.write("record feedback", connection -> {
            if (feedback.requestId().isPresent()) {
                Sql.update(
                        connection,
                        "DELETE FROM experiment_feedback WHERE tenant_id = ? AND endpoint_name = ? AND request_id = ?",
                        feedback.tenantId(),
                        feedback.endpointName(),
                        storedRequestId(feedback.requestId().get()));
            }
            Sql.update(
                    connection,
                    """
                    INSERT INTO experiment_feedback
                        (tenant_id, endpoint_name, request_id, route_name, reward, received_at)
                    VALUES (?, ?, ?, ?, ?, ?)""",
                    feedback.tenantId(),
                    feedback.endpointName(),
                    Sql.textOrNull(feedback.requestId().map(JdbcExperimentRepository::storedRequestId)),
                    feedback.routeName(),
                    feedback.reward(),
                    feedback.receivedAt().truncatedTo(ChronoUnit.MILLIS));
            return null;
        });
    }

    private record FeedbackRow(String routeName, long count, double sum, double sumOfSquares, long nonBinary) {}

    @Override
    public List<VariantTotals> totals(String tenantId, String endpointName) {
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(endpointName, "endpointName is null");
        return database.read("summarise experiment", connection -> totals(connection, tenantId, endpointName));
    }

    private static List<VariantTotals> totals(Connection connection, String tenantId, String endpointName)
            throws SQLException {
        Map<String, Long> requests = new TreeMap<>();
        for (Map.Entry<String, Long> entry : Sql.list(
                connection,
                """
                SELECT route_name, COUNT(*) AS requests FROM inference_assignments
                WHERE tenant_id = ? AND endpoint_name = ? GROUP BY route_name""",
                row -> Map.entry(row.getString("route_name"), row.getLong("requests")),
                tenantId,
                endpointName)) {
            requests.put(entry.getKey(), entry.getValue());
        }
        Map<String, FeedbackRow> feedback = new TreeMap<>();
        for (FeedbackRow row : Sql.list(
                connection,
                """
                SELECT route_name, COUNT(*) AS observations, SUM(reward) AS reward_sum,
                    SUM(reward * reward) AS reward_squares,
                    SUM(CASE WHEN reward = 0 OR reward = 1 THEN 0 ELSE 1 END) AS non_binary
                FROM experiment_feedback WHERE tenant_id = ? AND endpoint_name = ? GROUP BY route_name""",
                row -> new FeedbackRow(
                        row.getString("route_name"),
                        row.getLong("observations"),
                        row.getDouble("reward_sum"),
                        row.getDouble("reward_squares"),
                        row.getLong("non_binary")),
                tenantId,
                endpointName)) {
            feedback.put(row.routeName(), row);
        }
        TreeMap<String, VariantTotals> totals = new TreeMap<>();
        requests.forEach((route, count) -> totals.put(route, new VariantTotals(route, count, 0, 0, 0, 0)));
        feedback.forEach((route, row) -> totals.put(
                route,
                new VariantTotals(
                        route,
                        requests.getOrDefault(route, 0L),
                        row.count(),
                        row.sum(),
                        row.sumOfSquares(),
                        row.nonBinary())));
        return new ArrayList<>(totals.values());
    }

    @Override
    public long purgeBefore(Instant cutoff) {
        requireNonNull(cutoff, "cutoff is null");
        return database.write("purge experiment log", connection -> {
            long deleted = Sql.update(connection, "DELETE FROM inference_assignments WHERE served_at < ?", cutoff);
            deleted += Sql.update(connection, "DELETE FROM experiment_feedback WHERE received_at < ?", cutoff);
            return deleted;
        });
    }
}
