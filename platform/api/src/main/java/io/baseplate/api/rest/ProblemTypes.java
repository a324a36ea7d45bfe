package io.baseplate.api.rest;

/**
 * The stable {@code type} URIs of the platform's problem bodies (README.md, "Errors"). Clients may switch
 * on them; each names one kind of problem and never changes meaning.
 */
public final class ProblemTypes {

    public static final String BASE = "https://baseplate.io/problems/";
    /** 400: the request is malformed or a field is invalid. */
    public static final String INVALID_REQUEST = BASE + "invalid-request";
    /** 401: no API key, or one that is unknown, revoked or expired. */
    public static final String UNAUTHENTICATED = BASE + "unauthenticated";
    /** 403: the caller's roles do not allow this. */
    public static final String FORBIDDEN = BASE + "forbidden";
    /** 403: the key is valid but its tenant is suspended. */
    public static final String TENANT_SUSPENDED = BASE + "tenant-suspended";
    /** 404: no such route, or no such record for this caller. */
    public static final String NOT_FOUND = BASE + "not-found";
    /** 405: the route does not take this method. */
    public static final String METHOD_NOT_ALLOWED = BASE + "method-not-allowed";
    /** 406: the route cannot answer in any media type the request accepts. */
    public static final String NOT_ACCEPTABLE = BASE + "not-acceptable";
    /** 409: the request clashes with the current state. */
    public static final String CONFLICT = BASE + "conflict";
    /** 413: the request body is larger than the limit. */
    public static final String PAYLOAD_TOO_LARGE = BASE + "payload-too-large";
    /** 415: the request body's media type is not one the route takes. */
    public static final String UNSUPPORTED_MEDIA_TYPE = BASE + "unsupported-media-type";
    /** 422: well formed, but it breaks a business rule. */
    public static final String UNPROCESSABLE = BASE + "unprocessable";
    /** 429: too many requests for this key; see {@code Retry-After}. */
    public static final String RATE_LIMITED = BASE + "rate-limited";
    /** 500: the server failed; the body says nothing more, the log does. */
    public static final String SERVER_ERROR = BASE + "server-error";
    /** 503: the server is starting, stopping or overloaded; retry later. */
    public static final String UNAVAILABLE = BASE + "unavailable";
    /** Any other status. */
    public static final String OTHER = "about:blank";

    private ProblemTypes() {
    }

    /** The type of a problem that only its status describes. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> UNPROCESSABLE;
            case 429 -> RATE_LIMITED;
            case 500 -> SERVER_ERROR;
            case 503 -> UNAVAILABLE;
            default -> OTHER;
        };
    }
}
