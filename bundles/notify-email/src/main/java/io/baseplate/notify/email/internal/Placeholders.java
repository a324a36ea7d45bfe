package io.baseplate.notify.email.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {{name}}} placeholders in mail templates: a placeholder without a value stays as written; values go in as plain text. */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private Placeholders() {
    }

    /** @param oneLine for a header such as the subject: control characters in values become spaces */
    static String render(String text, Map<String, String> values, boolean oneLine) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                value = placeholder.group();
            } else if (oneLine) {
                // A value with a line break must not start a new header in the subject.
                value = value.replaceAll("\\p{Cntrl}", " ");
            }
            placeholder.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(rendered);
        return rendered.toString();
    }
}
