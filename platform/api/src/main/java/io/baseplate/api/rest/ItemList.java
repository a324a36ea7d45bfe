package io.baseplate.api.rest;

import java.util.List;

/**
 * The envelope of every list response, {@code {"items": [...]}}, so paging fields can be added
 * later without breaking clients.
 */
public record ItemList<T>(List<T> items) {

    public ItemList {
        items = List.copyOf(items);
    }
}
