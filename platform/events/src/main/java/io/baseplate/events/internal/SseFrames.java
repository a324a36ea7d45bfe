package io.baseplate.events.internal;

import java.nio.charset.StandardCharsets;

/** The Server-Sent Events wire format (WHATWG HTML, "Server-sent events"), one complete frame at a time, UTF-8. */
final class SseFrames {

    /** A lone comment line: ignored by clients, enough to find a dead connection. */
    static final byte[] HEARTBEAT = ":\n".getBytes(StandardCharsets.UTF_8);

    private SseFrames() {
    }

    /** The event a client that cannot be sent what it missed receives; see {@link EventStreams}. */
    static final String RESET = "reset";

    /**
     * An event; {@code json} is one line, as a compact JSON serialization is. Without an id (null) the
     * client's last event id stays as it was.
     */
    static byte[] event(Long id, String name, String json) {
        return ((id == null ? "" : "id: " + id + "\n") + "event: " + name + "\ndata: " + json + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The line that starts the frame of an event with this id. */
    static byte[] idLine(long id) {
        return ("id: " + id + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A comment, then the delay a client waits before it reconnects. */
    static byte[] greeting(String comment, long reconnectDelayMillis) {
        return (": " + comment.replace('\n', ' ') + "\nretry: " + reconnectDelayMillis + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
