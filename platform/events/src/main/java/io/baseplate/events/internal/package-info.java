/**
 * Live events for browsers: {@code GET /api/v1/events} streams to each caller the platform events of
 * its tenant that it is in the audience of, as Server-Sent Events, from a plain servlet on the HTTP
 * whiteboard (outside the REST whiteboard, whose rebuilds would cut open streams), with non-blocking
 * output and a bounded queue per client, so no client can stall the outbox relay, Event Admin or another
 * stream. A client that reconnects with {@code Last-Event-ID} is replayed what it missed from the
 * outbox ({@link io.baseplate.api.outbox.EventLog}).
 */
package io.baseplate.events.internal;
