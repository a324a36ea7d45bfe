package io.baseplate.api.rest;

/**
 * An RFC 9457 problem details body, served as {@value #MEDIA_TYPE}.
 *
 * @param type   a URI naming the kind of problem, one of {@link ProblemTypes}
 * @param title  a short summary of the kind of problem
 * @param status the HTTP status code
 * @param detail what went wrong with this request, written for the caller
 */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** A problem of the type its status names ({@link ProblemTypes#forStatus}). */
    public static Problem of(int status, String title, String detail) {
        return new Problem(ProblemTypes.forStatus(status), title, status, detail);
    }
}
