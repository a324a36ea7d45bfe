package io.baseplate.events.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.baseplate.api.event.PlatformEvents;

/**
 * The topics a stream asked for with {@code ?topic=}, written as Event Admin topic patterns: a topic
 * ({@code baseplate/payment/CAPTURED}) or a prefix ending in {@code /*} ({@code baseplate/payment/*},
 * every topic below it). Only platform topics ({@value PlatformEvents#TOPIC_ROOT}...) may be asked for;
 * no pattern at all means every topic.
 */
final class TopicFilter {

    static final int MAX_PATTERNS = 32;
    static final int MAX_PATTERN_LENGTH = 200;
    /** Event Admin's topic grammar: tokens of letters, digits, '_' and '-' separated by '/'. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final TopicFilter EVERY_TOPIC = new TopicFilter(List.of(), List.of());

    private final List<String> topics;
    /** Prefixes with their trailing '/', so that "baseplate/pay/*" does not take "baseplate/payment/X". */
    private final List<String> prefixes;

    private TopicFilter(List<String> topics, List<String> prefixes) {
        this.topics = topics;
        this.prefixes = prefixes;
    }

    /**
     * @param patterns the {@code topic} query parameters, or null when there are none
     * @throws IllegalArgumentException naming the first bad pattern
     */
    static TopicFilter of(String[] patterns) {
        if (patterns == null || patterns.length == 0) {
            return EVERY_TOPIC;
        }
        if (patterns.length > MAX_PATTERNS) {
            throw new IllegalArgumentException("At most " + MAX_PATTERNS + " topic patterns, not " + patterns.length);
        }
        List<String> topics = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String pattern : patterns) {
            if (pattern.length() > MAX_PATTERN_LENGTH) {
                throw new IllegalArgumentException("A topic pattern has at most " + MAX_PATTERN_LENGTH + " characters");
            }
            boolean prefix = pattern.endsWith("/*");
            String topic = prefix ? pattern.substring(0, pattern.length() - 2) : pattern;
            if (!TOPIC.matcher(topic).matches() || !(topic + "/").startsWith(PlatformEvents.TOPIC_ROOT)
                    || !prefix && topic.length() < PlatformEvents.TOPIC_ROOT.length()) {
                throw new IllegalArgumentException("Bad topic pattern '" + pattern + "': write a topic under "
                        + PlatformEvents.TOPIC_ROOT + " (baseplate/payment/CAPTURED) or a prefix ending in /* "
                        + "(baseplate/payment/*)");
            }
            (prefix ? prefixes : topics).add(prefix ? topic + "/" : topic);
        }
        return new TopicFilter(List.copyOf(topics), List.copyOf(prefixes));
    }

    boolean matches(String topic) {
        if (topics.isEmpty() && prefixes.isEmpty()) {
            return true;
        }
        return topics.contains(topic) || prefixes.stream().anyMatch(topic::startsWith);
    }
}
