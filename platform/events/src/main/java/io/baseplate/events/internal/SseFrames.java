package io.baseplate.events.internal;

import java.nio.charset.StandardCharsets;

/** The Server-Sent Events wire format (WHATWG HTML, "Server-sent events"), one complete frame at a time, UTF-8. */
final class SseFrames {

    /** A lone comment line: ignored by clients, enough to find a dead connection. */
    static final byte[] HEARTBEAT = ":\n".getBytes(StandardCharsets.UTF_8);

    private SseFrames() {
    }

    /** An event; {@code json} is one line, as a compact JSON serialization is. */
    static byte[] event(long id, String name, String json) {
        return ("id: " + id + "\nevent: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A comment, then the delay a client waits before it reconnects. */
    static byte[] greeting(String comment, long reconnectDelayMillis) {
        return (": " + comment.replace('\n', ' ') + "\nretry: " + reconnectDelayMillis + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
