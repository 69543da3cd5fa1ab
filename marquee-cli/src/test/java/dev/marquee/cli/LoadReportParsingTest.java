package dev.marquee.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The serving benchmark reads its numbers off the load generators' reports; these are real reports' layouts. */
class LoadReportParsingTest {
    private static final String WRK = """
            Running 10s test @ http://127.0.0.1:41235/v2/models/breast-cancer/infer
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     1.62ms    2.10ms  48.39ms   93.11%
                Req/Sec    21.53k     1.95k   26.01k    70.50%
              Latency Distribution
                 50%    1.08ms
                 75%    1.69ms
                 90%    2.85ms
                 99%   10.52ms
              428512 requests in 10.00s, 98.45MB read
              Non-2xx or 3xx responses: 12
              Socket errors: connect 0, read 3, write 0, timeout 1
            Requests/sec:  42845.10
            Transfer/sec:      9.84MB
            """;

    private static final String H2LOAD = """
            starting benchmark...
            finished in 10.00s, 45123.40 req/s, 4.21MB/s
            requests: 451234 total, 451298 started, 451234 done, 451230 succeeded, 4 failed, 0 errored, 0 timeout
            status codes: 451230 2xx, 0 3xx, 4 4xx, 0 5xx
            traffic: 42.13MB (44176543) total, 1.29MB (1353702) headers (space savings 95.01%), 36.15MB data
                                 min         max         mean         sd        +/- sd
            time for request:      312us     41.07ms      1.40ms       803us    87.12%
            time for connect:      204us      2.01ms       977us       512us    62.50%
            """;

    @Test
    void readsThroughputPercentilesAndErrorsOffWrk() {
        WrkLoad.LoadResult result = WrkLoad.parse(WRK);

        assertThat(result.requestsPerSecond()).isEqualTo(42845.10);
        assertThat(result.meanMillis()).isEqualTo(1.62);
        assertThat(result.p50Millis()).isEqualTo(1.08);
        assertThat(result.p99Millis()).isEqualTo(10.52);
        assertThat(result.requests()).isEqualTo(428512);
        assertThat(result.errors()).isEqualTo(16);
    }

    @Test
    void readsThroughputMeanAndFailuresOffH2load() {
        WrkLoad.LoadResult result = H2LoadGrpc.parse(H2LOAD);

        assertThat(result.requestsPerSecond()).isEqualTo(45123.40);
        assertThat(result.meanMillis()).isCloseTo(1.40, within(1e-9));
        assertThat(result.p99Millis()).isNaN();
        assertThat(result.requests()).isEqualTo(451230);
        assertThat(result.errors()).isEqualTo(4);
    }

    @Test
    void aReportWithoutThroughputIsAnError() {
        assertThatThrownBy(() -> WrkLoad.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .hasMessageContaining("Requests/sec");
        assertThatThrownBy(() -> H2LoadGrpc.parse("no servers available")).hasMessageContaining("h2load");
    }

    @Test
    void roundsSummariseAsMediansAndTotals() {
        WrkLoad.LoadResult slow = new WrkLoad.LoadResult(30_000, 2.1, 1.5, 40.0, 300_000, 1);
        WrkLoad.LoadResult fast = new WrkLoad.LoadResult(60_000, 1.0, 0.9, 8.0, 600_000, 0);
        WrkLoad.LoadResult middle = new WrkLoad.LoadResult(50_000, 1.3, 1.1, 9.0, 500_000, 2);

        WrkLoad.LoadResult odd = WrkLoad.LoadResult.median(List.of(slow, fast, middle));
        WrkLoad.LoadResult even = WrkLoad.LoadResult.median(List.of(slow, fast, middle, fast));
        WrkLoad.LoadResult noPercentiles = WrkLoad.LoadResult.median(List.of(
                new WrkLoad.LoadResult(10, 1, Double.NaN, Double.NaN, 100, 0),
                new WrkLoad.LoadResult(20, 2, Double.NaN, Double.NaN, 200, 0)));

        assertThat(odd).isEqualTo(new WrkLoad.LoadResult(50_000, 1.3, 1.1, 9.0, 1_400_000, 3));
        assertThat(even.requestsPerSecond()).isEqualTo(55_000);
        assertThat(even.p99Millis()).isEqualTo(8.5);
        assertThat(noPercentiles.requestsPerSecond()).isEqualTo(15);
        assertThat(noPercentiles.p99Millis()).isNaN();
        assertThatThrownBy(() -> WrkLoad.LoadResult.median(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latenciesConvertToMilliseconds() {
        assertThat(WrkLoad.millis("812.5", "us")).isCloseTo(0.8125, within(1e-12));
        assertThat(WrkLoad.millis("2", "s")).isEqualTo(2000);
    }
}
