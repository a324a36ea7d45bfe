package io.baseplate.itests;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.baseplate.api.rest.ProblemTypes;

/**
 * What every answer of the platform promises, whatever it was sent: error statuses come as RFC 9457
 * problems ({@code application/problem+json} with {@code type}, {@code title}, {@code detail}
 * strings and a {@code status} equal to the HTTP status, the {@code type} one of
 * {@link ProblemTypes}' URIs for that status), no error text names the implementation,
 * and no answer repeats an API key.
 *
 * <p>A class of its own because it uses Jackson, which only the container provides: JUnit reflects
 * test classes on the plain test class path, where a Jackson type in their signatures fails discovery.
 */
final class ErrorContract {

    static final String PROBLEM_JSON = "application/problem+json";

    /** Texts that name the implementation rather than the caller's mistake. */
    private static final Map<String, Pattern> INTERNALS = internals();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> secrets;

    /** @param secrets API keys no answer may contain */
    ErrorContract(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    private static Map<String, Pattern> internals() {
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        patterns.put("names a Java package",
                Pattern.compile("\\b(?:java|javax|jakarta)\\.[a-z]|io\\.baseplate|com\\.fasterxml"
                        + "|org\\.(?:eclipse|glassfish|apache|osgi|h2)\\b"));
        patterns.put("names an exception", Pattern.compile("Exception|Throwable"));
        patterns.put("names Jackson", Pattern.compile("(?i)jackson|Cannot deserialize|Cannot construct instance"));
        patterns.put("backtick-quoted name", Pattern.compile("`"));
        patterns.put("inner-class name", Pattern.compile("\\w\\$\\w"));
        patterns.put("SQL fragment", Pattern.compile("SELECT |INSERT |UPDATE |(?i:sqlstate)|(?i:\\bconstraint)"));
        patterns.put("stack-trace line", Pattern.compile("\\tat |\\bat [\\w$.]+\\(|\\.java:\\d+\\)"));
        return patterns;
    }

    /**
     * The rules {@code response} breaks, each as a short phrase; empty when it keeps them all.
     *
     * @param headRequest the answer to a HEAD carries no body, so only its content type is checked
     */
    List<String> breaches(RawHttp.Response response, boolean headRequest) {
        List<String> breaches = new ArrayList<>();
        int status = response.status();
        String body = response.bodyText();
        String everything = response.statusLine() + "\n" + response.headers() + "\n" + body;
        for (String secret : secrets) {
            if (everything.contains(secret)) {
                breaches.add("echoes an API key");
            }
        }
        if (status < 400) {
            return breaches;
        }
        leaks(response.statusLine().replaceFirst("^HTTP/\\S+ \\d+ ?", ""), "reason phrase", breaches);
        if (!PROBLEM_JSON.equals(mediaType(response.contentType()))) {
            breaches.add("error is not " + PROBLEM_JSON);
        }
        if (headRequest) {
            return breaches;
        }
        JsonNode problem = parse(body);
        if (problem == null || !problem.isObject()) {
            breaches.add("error body is not a JSON object");
            leaks(body, "body", breaches);
            return breaches;
        }
        List<String> wrong = new ArrayList<>();
        for (String field : List.of("type", "title", "detail")) {
            if (!problem.path(field).isTextual()) {
                wrong.add("'" + field + "' is not a string");
            }
        }
        if (problem.path("type").isTextual() && !typesOf(status).contains(problem.path("type").asText())) {
            wrong.add("'type' is not a problem type of status " + status);
        }
        if (!problem.path("status").isIntegralNumber() || problem.path("status").asInt() != status) {
            wrong.add("'status' is not the number " + status);
        }
        if (!wrong.isEmpty()) {
            breaches.add("problem fields: " + String.join(", ", wrong));
        }
        leaks(texts(problem), "problem", breaches);
        return breaches;
    }

    /** The stable type URIs a problem of this status may carry (README.md, "Errors"). */
    static Set<String> typesOf(int status) {
        return status == 403 ? Set.of(ProblemTypes.FORBIDDEN, ProblemTypes.TENANT_SUSPENDED)
                : Set.of(ProblemTypes.forStatus(status));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }

    private static void leaks(String text, String where, List<String> breaches) {
        for (Map.Entry<String, Pattern> internal : INTERNALS.entrySet()) {
            if (internal.getValue().matcher(text).find()) {
                breaches.add(where + " " + internal.getKey());
            }
        }
    }

    /** Every string value in a JSON tree, one per line. */
    private static String texts(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        StringBuilder texts = new StringBuilder();
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            texts.append(texts(children.next())).append('\n');
        }
        return texts.toString();
    }

    private static String mediaType(String contentType) {
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }
}
