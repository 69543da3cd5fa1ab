package dev.marquee.core;

/**
 * Every failure Marquee reports to a caller carries one of these codes. The server maps each code to an HTTP
 * status in exactly one place; the code string itself is part of the public error body
 * ({@code {"error": "...", "code": "..."}}).
 */
public enum ErrorCode {
    /** The request or its data is malformed or violates a documented constraint (HTTP 400). */
    INVALID_ARGUMENT,
    /** No or an unknown API key (HTTP 401). */
    UNAUTHENTICATED,
    /** The key is valid but lacks the scope the operation needs (HTTP 403). */
    PERMISSION_DENIED,
    /** The resource does not exist or belongs to another tenant (HTTP 404). */
    NOT_FOUND,
    /** The resource exists in a state that forbids the operation, or a unique name is taken (HTTP 409). */
    CONFLICT,
    /** A body or upload exceeds a configured size limit (HTTP 413). */
    PAYLOAD_TOO_LARGE,
    /** A bounded queue or rate limit is full; retry later (HTTP 429). */
    RESOURCE_EXHAUSTED,
    /** The service or model is not ready (HTTP 503). */
    UNAVAILABLE,
    /** The request's deadline passed before it could be answered (HTTP 504). */
    DEADLINE_EXCEEDED,
    /** The caller cancelled the request or went away before it ran (HTTP 499, as nginx logs it). */
    CANCELLED,
    /** Stored data failed its integrity check (sha256 mismatch); it is never served (HTTP 500 class, reported). */
    DATA_CORRUPTED,
    /** A defect in Marquee (HTTP 500). */
    INTERNAL
}
