package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.marquee.client.MarqueeClient;
import dev.marquee.runtime.Datatype;
import dev.marquee.server.OipTransport.Failure;
import dev.marquee.server.OipTransport.ModelInfo;
import dev.marquee.server.OipTransport.Request;
import dev.marquee.server.OipTransport.Result;
import dev.marquee.server.OipTransport.Tensor;
import dev.marquee.server.OipTransport.TensorInfo;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Open Inference Protocol v2 as its specification (kserve/open-inference-protocol: inference_rest.md,
 * inference_grpc.md, open_inference_grpc.proto) describes it, checked against a real server on ephemeral ports over
 * every transport: REST with flat and with nested {@code data}, gRPC with typed {@code contents} and with
 * {@code raw_input_contents}. The model is a churn classifier trained through the API; another tenant's key must not
 * see it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OipConformanceTest {
    private static final String MODEL = "churn";
    private static final List<String> COLUMNS = List.of(
            "age", "plan", "weekly_hours", "sessions_per_week", "has_kids", "favourite_genre", "signup_date",
            "monthly_spend");

    private TestServer server;
    private String inferKey;
    private String trainOnlyKey;
    private String otherTenantKey;
    private List<OipTransport> transports;

    @BeforeAll
    void trainAndDeploy(@TempDir Path dataDirectory) {
        server = TestServer.start(dataDirectory);
        String adminKey;
        try (MarqueeClient operator = server.operator()) {
            adminKey = operator.post("/v1/tenants", Map.of("name", "streaming")).successJson()
                    .path("admin_key").path("token").asText();
            otherTenantKey = operator.post("/v1/tenants", Map.of("name", "other")).successJson()
                    .path("admin_key").path("token").asText();
        }
        try (MarqueeClient tenant = server.operator().withApiKey(adminKey)) {
            Fixtures.trainChurnModel(tenant, MODEL, 800, 7);
            tenant.deploy(MODEL, MODEL, 1);
            inferKey = key(tenant, "infer");
            trainOnlyKey = key(tenant, "train");
        }
        int grpcPort = server.server().grpcPort().orElseThrow();
        transports = List.of(
                new RestOipTransport(server.url(), false),
                new RestOipTransport(server.url(), true),
                new GrpcOipTransport(grpcPort, false),
                new GrpcOipTransport(grpcPort, true));
    }

    private static String key(MarqueeClient tenant, String scope) {
        JsonNode created = tenant.post("/v1/api-keys", Map.of("name", scope + "-key", "scopes", List.of(scope)))
                .successJson();
        return created.path("token").asText();
    }

    @AfterAll
    void stop() {
        transports.forEach(OipTransport::close);
        server.close();
    }

    Stream<OipTransport> transports() {
        return transports.stream();
    }

    /** One REST and one gRPC transport, for calls whose body has no tensors. */
    Stream<OipTransport> protocols() {
        return Stream.of(transports.get(0), transports.get(2));
    }

    Stream<Arguments> transportsAndNumericDatatypes() {
        return transports.stream().flatMap(transport -> Stream.of(Datatype.values())
                .filter(Datatype::isNumeric)
                .map(datatype -> Arguments.of(transport, datatype)));
    }

    // ---- health and metadata ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("protocols")
    void serverIsLiveAndReadyWithoutCredentials(OipTransport transport) {
        assertThat(transport.live()).isTrue();
        assertThat(transport.ready()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void serverMetadataNamesTheServerItsVersionAndItsExtensions(OipTransport transport) {
        OipTransport.ServerInfo metadata = transport.serverMetadata();
        assertThat(metadata.name()).isEqualTo("marquee");
        assertThat(metadata.version()).isNotBlank().isEqualTo(MarqueeServer.version());
        assertThat(metadata.extensions()).containsExactly("parameters", "marquee_explanations");
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void modelMetadataDescribesInputsAndOutputsWithAndWithoutVersion(OipTransport transport) {
        for (Optional<String> version : List.of(Optional.<String>empty(), Optional.of("1"))) {
            ModelInfo metadata = transport.modelMetadata(Optional.of(inferKey), MODEL, version);
            assertThat(metadata.name()).isEqualTo(MODEL);
            assertThat(metadata.versions()).containsExactly("1");
            assertThat(metadata.platform()).isEqualTo("marquee_logistic_regression");
            assertThat(metadata.inputs()).extracting(TensorInfo::name).containsExactlyElementsOf(COLUMNS);
            assertThat(metadata.inputs()).extracting(TensorInfo::shape).containsOnly(List.of(-1L));
            assertThat(metadata.inputs().get(1).datatype()).isEqualTo("BYTES");
            assertThat(metadata.inputs().get(4).datatype()).isEqualTo("BOOL");
            assertThat(metadata.outputs()).containsExactly(
                    new TensorInfo("predict", "BYTES", List.of(-1L)),
                    new TensorInfo("probabilities", "FP32", List.of(-1L, 2L)),
                    new TensorInfo("contributions", "FP64", List.of(-1L, 2L, 9L)));
        }
    }

    @ParameterizedTest
    @MethodSource("protocols")
    void modelIsReadyWithAndWithoutVersion(OipTransport transport) {
        assertThat(transport.modelReady(Optional.of(inferKey), MODEL, Optional.empty())).isTrue();
        assertThat(transport.modelReady(Optional.of(inferKey), MODEL, Optional.of("1"))).isTrue();
    }

    // ---- inference -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("transports")
    void inferAnswersTheDefaultOutputsForEveryRow(OipTransport transport) {
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers());
        assertThat(result.modelName()).isEqualTo(MODEL);
        assertThat(result.modelVersion()).isEqualTo("1");
        assertThat(result.id()).isEmpty();
        assertThat(result.outputs()).extracting(Tensor::name).containsExactly("predict", "probabilities");
        Tensor predict = result.output("predict");
        assertThat(predict.datatype()).isEqualTo(Datatype.BYTES);
        assertThat(predict.shape()).containsExactly(2L);
        assertThat(predict.data()).allSatisfy(label -> assertThat(label).isIn("yes", "no"));
        Tensor probabilities = result.output("probabilities");
        assertThat(probabilities.datatype()).isEqualTo(Datatype.FP32);
        assertThat(probabilities.shape()).containsExactly(2L, 2L);
        List<Double> values = probabilities.numbers();
        assertThat(values.get(0) + values.get(1)).isCloseTo(1, within(1e-5));
        assertThat(values.get(2) + values.get(3)).isCloseTo(1, within(1e-5));
    }

    @ParameterizedTest
    @MethodSource("transports")
    void everyTransportGivesTheSamePredictions(OipTransport transport) {
        Result reference = transports.getFirst().infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers());
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers());
        assertThat(result.output("predict").data()).isEqualTo(reference.output("predict").data());
        assertProbabilitiesClose(result, reference);
    }

    @ParameterizedTest
    @MethodSource("transportsAndNumericDatatypes")
    void numericInputsMayComeInAnyNumericDatatype(OipTransport transport, Datatype datatype) {
        Request request = viewers().withInput(
                new Tensor("sessions_per_week", datatype, List.of(2L, 1L), List.of(1L, 9L)));
        boolean typedFp16 = datatype == Datatype.FP16 && transport.toString().equals("gRPC, typed contents");
        if (typedFp16) {
            // The specification: "the FP16 data type must be represented as raw content".
            assertFails(() -> transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), request),
                    transport.expectedStatus(400, Status.Code.INVALID_ARGUMENT), "raw_input_contents");
            return;
        }
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), request);
        Result reference = transports.getFirst().infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers());
        assertProbabilitiesClose(result, reference);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void inferWithTheServedVersionAnswersThatVersion(OipTransport transport) {
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.of("1"), viewers());
        assertThat(result.modelVersion()).isEqualTo("1");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void requestIdIsEchoed(OipTransport transport) {
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers().withId("request-42"));
        assertThat(result.id()).contains("request-42");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void requestedOutputsAreTheOnlyOnesReturned(OipTransport transport) {
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers().withOutputs("probabilities"));
        assertThat(result.outputs()).extracting(Tensor::name).containsExactly("probabilities");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void parametersReachTheModel(OipTransport transport) {
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.empty(),
                viewers().withParameters(Map.of("explain", true)));
        assertThat(result.outputs()).extracting(Tensor::name).containsExactly("predict", "probabilities", "contributions");
        assertThat(result.output("contributions").shape()).containsExactly(2L, 2L, 9L);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void outputsComeRawExactlyWhenTheInputsWereRaw(OipTransport transport) {
        Result result = transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers());
        assertThat(result.rawOutputs()).isEqualTo(transport.toString().equals("gRPC, raw contents"));
    }

    // ---- errors ----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("transports")
    void unknownModelIsNotFound(OipTransport transport) {
        String notFound = transport.expectedStatus(404, Status.Code.NOT_FOUND);
        assertFails(() -> transport.infer(Optional.of(inferKey), "no-such-model", Optional.empty(), viewers()),
                notFound, "no-such-model");
        assertFails(() -> transport.modelMetadata(Optional.of(inferKey), "no-such-model", Optional.empty()),
                notFound, "no-such-model");
        assertFails(() -> transport.modelReady(Optional.of(inferKey), "no-such-model", Optional.empty()),
                notFound, "no-such-model");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void versionTheModelDoesNotServeIsNotFound(OipTransport transport) {
        String notFound = transport.expectedStatus(404, Status.Code.NOT_FOUND);
        assertFails(() -> transport.infer(Optional.of(inferKey), MODEL, Optional.of("7"), viewers()), notFound, "version 7");
        assertFails(() -> transport.modelMetadata(Optional.of(inferKey), MODEL, Optional.of("7")), notFound, "version 7");
        assertFails(() -> transport.modelReady(Optional.of(inferKey), MODEL, Optional.of("7")), notFound, "version 7");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void anotherTenantsModelIsNotFound(OipTransport transport) {
        String notFound = transport.expectedStatus(404, Status.Code.NOT_FOUND);
        assertFails(() -> transport.infer(Optional.of(otherTenantKey), MODEL, Optional.empty(), viewers()), notFound, MODEL);
        assertFails(() -> transport.modelMetadata(Optional.of(otherTenantKey), MODEL, Optional.empty()), notFound, MODEL);
        assertFails(() -> transport.modelReady(Optional.of(otherTenantKey), MODEL, Optional.empty()), notFound, MODEL);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void missingOrUnknownKeyIsUnauthenticated(OipTransport transport) {
        String unauthenticated = transport.expectedStatus(401, Status.Code.UNAUTHENTICATED);
        assertFails(() -> transport.infer(Optional.empty(), MODEL, Optional.empty(), viewers()), unauthenticated, "API key");
        assertFails(() -> transport.infer(Optional.of("mq_not-a-key"), MODEL, Optional.empty(), viewers()),
                unauthenticated, "API key");
        assertFails(() -> transport.modelMetadata(Optional.empty(), MODEL, Optional.empty()), unauthenticated, "API key");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void keyWithoutTheInferScopeIsDenied(OipTransport transport) {
        assertFails(() -> transport.infer(Optional.of(trainOnlyKey), MODEL, Optional.empty(), viewers()),
                transport.expectedStatus(403, Status.Code.PERMISSION_DENIED), "infer");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shapeThatDoesNotMatchTheDataIsInvalid(OipTransport transport) {
        Request request = viewers().withInput(new Tensor("age", Datatype.FP64, List.of(3L, 1L), List.of(30.0, 52.0)));
        assertFails(() -> transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), request),
                transport.expectedStatus(400, Status.Code.INVALID_ARGUMENT), "'age'");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void hugeDeclaredShapeIsInvalidWithoutBeingAllocated(OipTransport transport) {
        Request request = viewers().withInput(
                new Tensor("age", Datatype.FP64, List.of(1_000_000_000_000L, 1L), List.of(30.0, 52.0)));
        assertFails(() -> transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), request),
                transport.expectedStatus(400, Status.Code.INVALID_ARGUMENT), "max-infer-elements");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void valueOutsideTheDatatypesRangeIsInvalid(OipTransport transport) {
        boolean raw = transport.toString().equals("gRPC, raw contents");
        // Raw bytes cannot hold a value outside their type; a NaN can be sent there.
        Tensor tensor = raw
                ? new Tensor("weekly_hours", Datatype.FP32, List.of(2L, 1L), List.of(Float.NaN, 1f))
                : new Tensor("sessions_per_week", Datatype.INT8, List.of(2L, 1L), List.of(1, 300));
        assertFails(() -> transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers().withInput(tensor)),
                transport.expectedStatus(400, Status.Code.INVALID_ARGUMENT), raw ? "NaN" : "out of range for INT8");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void unknownOutputIsInvalid(OipTransport transport) {
        assertFails(() -> transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), viewers().withOutputs("nope")),
                transport.expectedStatus(400, Status.Code.INVALID_ARGUMENT), "unknown output 'nope'");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void wrongDatatypeForAColumnIsInvalid(OipTransport transport) {
        Request request = viewers().withInput(new Tensor("has_kids", Datatype.BYTES, List.of(2L, 1L), List.of("x", "y")));
        assertFails(() -> transport.infer(Optional.of(inferKey), MODEL, Optional.empty(), request),
                transport.expectedStatus(400, Status.Code.INVALID_ARGUMENT), "has_kids");
    }

    @Test
    void grpcRawContentsMustMatchTheDeclaredShape() {
        GrpcOipTransport raw = (GrpcOipTransport) transports.get(3);
        Request request = viewers().withInput(new Tensor("age", Datatype.FP64, List.of(3L, 1L), List.of(30.0, 52.0)));
        assertFails(() -> raw.infer(Optional.of(inferKey), MODEL, Optional.empty(), request),
                "INVALID_ARGUMENT", "raw content has 16 bytes; 3 FP64 elements need 24");
    }

    /**
     * Seeded mutation fuzzing of a valid gRPC infer message at the byte level (truncations, flipped and inserted
     * bytes): every answer is a result or a client error (INVALID_ARGUMENT, or NOT_FOUND when the model name was hit),
     * never UNKNOWN or INTERNAL.
     */
    @Test
    void malformedGrpcMessagesAreClientErrors() {
        GrpcOipTransport typed = (GrpcOipTransport) transports.get(2);
        GrpcOipTransport raw = (GrpcOipTransport) transports.get(3);
        List<byte[]> seeds = List.of(typed.inferMessage(MODEL, viewers()), raw.inferMessage(MODEL, viewers()));
        SplittableRandom random = new SplittableRandom(20260704);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int round = 0; round < 1_500; round++) {
            byte[] bytes = seeds.get(round % 2).clone();
            int edits = 1 + random.nextInt(3);
            for (int edit = 0; edit < edits && bytes.length > 0; edit++) {
                int position = random.nextInt(bytes.length);
                bytes = switch (random.nextInt(3)) {
                    case 0 -> Arrays.copyOf(bytes, position);
                    case 1 -> {
                        bytes[position] = (byte) random.nextInt(256);
                        yield bytes;
                    }
                    default -> {
                        byte[] longer = new byte[bytes.length + 1];
                        System.arraycopy(bytes, 0, longer, 0, position);
                        longer[position] = (byte) random.nextInt(256);
                        System.arraycopy(bytes, position, longer, position + 1, bytes.length - position);
                        yield longer;
                    }
                };
            }
            String outcome = typed.inferBytes(Optional.of(inferKey), bytes);
            outcomes.merge(outcome, 1, Integer::sum);
        }
        assertThat(outcomes.keySet()).as("outcomes %s", outcomes).isSubsetOf("OK", "INVALID_ARGUMENT", "NOT_FOUND");
        assertThat(outcomes).as("some mutations stay valid, most do not").containsKeys("OK", "INVALID_ARGUMENT");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    /** Two viewers, one tensor per column of shape [2, 1], in the datatypes model metadata announces. */
    private static Request viewers() {
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(new Tensor("age", Datatype.FP64, List.of(2L, 1L), List.of(30.0, 52.0)));
        inputs.add(new Tensor("plan", Datatype.BYTES, List.of(2L, 1L), List.of("basic", "premium")));
        inputs.add(new Tensor("weekly_hours", Datatype.FP64, List.of(2L, 1L), List.of(2.0, 20.5)));
        inputs.add(new Tensor("sessions_per_week", Datatype.FP64, List.of(2L, 1L), List.of(1.0, 9.0)));
        inputs.add(new Tensor("has_kids", Datatype.BOOL, List.of(2L, 1L), List.of(false, true)));
        inputs.add(new Tensor("favourite_genre", Datatype.BYTES, List.of(2L, 1L), List.of("drama", "documentary")));
        inputs.add(new Tensor("signup_date", Datatype.BYTES, List.of(2L, 1L), List.of("2024-01-01", "2023-05-10")));
        inputs.add(new Tensor("monthly_spend", Datatype.FP64, List.of(2L, 1L), List.of(6.5, 17.99)));
        return new Request(Optional.empty(), inputs, List.of(), Map.of());
    }

    private static void assertProbabilitiesClose(Result result, Result reference) {
        List<Double> expected = reference.output("probabilities").numbers();
        List<Double> actual = result.output("probabilities").numbers();
        assertThat(actual).hasSameSizeAs(expected);
        for (int index = 0; index < expected.size(); index++) {
            assertThat(actual.get(index)).as("probability %d", index).isCloseTo(expected.get(index), within(1e-6));
        }
    }

    private static void assertFails(ThrowingCallable call, String status, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(Failure.class, failure -> assertThat(failure.status()).isEqualTo(status))
                .hasMessageContaining(messagePart);
    }
}
