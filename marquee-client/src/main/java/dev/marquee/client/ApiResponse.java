package dev.marquee.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A raw HTTP answer from the server. */
public record ApiResponse(int status, HttpHeaders headers, byte[] body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ApiResponse {
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; an empty body is a missing node. */
    public JsonNode json() {
        try {
            return body.length == 0 ? MAPPER.missingNode() : MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("response is not JSON: " + text(), e);
        }
    }

    /** The JSON body of a 2xx answer; otherwise a {@link MarqueeApiException} with the server's error. */
    public JsonNode successJson() {
        if (!isSuccess()) {
            JsonNode error = body.length == 0 ? MAPPER.missingNode() : tryJson();
            throw new MarqueeApiException(
                    status, error.path("code").asText("UNKNOWN"), error.path("error").asText(text()));
        }
        return json();
    }

    private JsonNode tryJson() {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return MAPPER.missingNode();
        }
    }
}
