package io.baseplate.core.internal.rest;

/** Whiteboard targeting shared by every core resource. */
final class ApiResource {

    /** Selects the platform's {@code /api} application, registered by the rest bundle. */
    static final String APPLICATION = "(osgi.jakartars.name=baseplate-api)";

    private ApiResource() {
    }
}
