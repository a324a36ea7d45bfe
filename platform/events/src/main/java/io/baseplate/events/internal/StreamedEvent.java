package io.baseplate.events.internal;

import java.util.Arrays;

/**
 * An event as streams send it: encoded once, whoever receives it.
 *
 * @param seq      its outbox position, its SSE id; null for an event posted to Event Admin directly, which has none
 * @param topic    its topic
 * @param audience who in its tenant may receive it
 * @param frame    the encoded SSE frame
 */
record StreamedEvent(Long seq, String topic, Audience audience, byte[] frame) {

    /** The same event with the frame's id line left out; the position stays, for deduplication. */
    StreamedEvent withoutId() {
        int idLine = seq == null ? 0 : SseFrames.idLine(seq).length;
        return new StreamedEvent(seq, topic, audience, Arrays.copyOfRange(frame, idLine, frame.length));
    }
}
