package io.baseplate.core.support;

/** Whiteboard targeting shared by every platform resource. */
public final class ApiResource {

    /** Selects the platform's {@code /api} application, registered by the rest bundle. */
    public static final String APPLICATION = "(osgi.jakartars.name=baseplate-api)";

    private ApiResource() {
    }
}
