package io.baseplate.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Names that changed, each due once no change has touched it for the quiet time: a file copied
 * in slowly is written in many steps, each a change, and is acted on only after the last. Time is
 * given by the caller (nanoseconds, as {@link System#nanoTime()}), so this is plain logic. Not thread safe.
 */
final class QuietWindow {

    private final long quietNanos;
    private final Map<String, Long> lastChange = new LinkedHashMap<>();

    QuietWindow(long quietNanos) {
        if (quietNanos < 0) {
            throw new IllegalArgumentException("quiet time must not be negative: " + quietNanos);
        }
        this.quietNanos = quietNanos;
    }

    /** Records a change of {@code name} at {@code now}, restarting its quiet time. */
    void touch(String name, long now) {
        lastChange.remove(name);
        lastChange.put(name, now);
    }

    /** Removes and returns, oldest change first, the names quiet since {@code now - quiet time}. */
    List<String> takeDue(long now) {
        List<String> due = new ArrayList<>();
        lastChange.entrySet().removeIf(entry -> {
            if (now - entry.getValue() >= quietNanos) {
                due.add(entry.getKey());
                return true;
            }
            return false;
        });
        return due;
    }

    /** Nanoseconds from {@code now} until the next name is due (0 if one is due already); empty when none waits. */
    OptionalLong nanosUntilNextDue(long now) {
        return lastChange.values().stream()
                .mapToLong(changed -> Math.max(0, changed + quietNanos - now))
                .min();
    }

    boolean isEmpty() {
        return lastChange.isEmpty();
    }
}
