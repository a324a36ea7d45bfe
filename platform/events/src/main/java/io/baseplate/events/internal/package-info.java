/**
 * Live events for browsers: {@code GET /api/v1/events} streams a tenant's platform events as
 * Server-Sent Events from a plain servlet on the HTTP whiteboard (outside the REST whiteboard, whose
 * rebuilds would cut open streams), with non-blocking output and a bounded queue per client, so no
 * client can stall the Event Admin handler or another tenant's stream.
 */
package io.baseplate.events.internal;
