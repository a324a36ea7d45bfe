package io.baseplate.core.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import io.baseplate.api.security.ApiKeyAuthenticator;

/**
 * The API key a request presents, read the one way every entry point reads it (the authentication filter,
 * the request gate and the event stream servlet): an {@value ApiKeyAuthenticator#HEADER} header or
 * {@code Authorization: Bearer <key>}. A request that presents a key more than once, in either header or
 * both, is malformed ({@link #problem}), so no two parts of the platform can disagree on which key it sent. An
 * empty key is no key.
 *
 * @param key     the key, or null when the request presents none or is malformed
 * @param problem why the request's credentials are malformed, or null
 */
public record PresentedKey(String key, String problem) {

    public static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";
    private static final PresentedKey NONE = new PresentedKey(null, null);

    public static PresentedKey from(Enumeration<String> apiKeyHeaders, Enumeration<String> authorizationHeaders) {
        return from(list(apiKeyHeaders), list(authorizationHeaders));
    }

    public static PresentedKey from(List<String> apiKeyHeaders, List<String> authorizationHeaders) {
        List<String> keys = new ArrayList<>();
        if (apiKeyHeaders != null) {
            apiKeyHeaders.forEach(value -> keys.add(value.strip()));
        }
        if (authorizationHeaders != null) {
            for (String value : authorizationHeaders) {
                String credentials = value.strip();
                if (credentials.equalsIgnoreCase(BEARER.strip())) {
                    continue;
                }
                if (!credentials.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                    return malformed("The Authorization header must be 'Bearer <API key>'");
                }
                keys.add(credentials.substring(BEARER.length()).strip());
            }
        }
        if (keys.isEmpty()) {
            return NONE;
        }
        if (keys.size() > 1) {
            return malformed("Send one API key, in one " + ApiKeyAuthenticator.HEADER + " or Authorization header");
        }
        String key = keys.get(0);
        // An empty credential is a missing one: 401 with the challenge, as for no header at all.
        return key.isEmpty() ? NONE : new PresentedKey(key, null);
    }

    public boolean isMalformed() {
        return problem != null;
    }

    private static PresentedKey malformed(String problem) {
        return new PresentedKey(null, problem);
    }

    private static List<String> list(Enumeration<String> values) {
        return values == null ? List.of() : Collections.list(values);
    }
}
