package io.baseplate.core.support;

/** Whiteboard targeting shared by every platform resource. */
public final class ApiResource {

    /**
     * Selects the platform's {@code /api} application, registered by the rest bundle as the
     * whiteboard's default application (a resource that selects none joins it too).
     */
    public static final String APPLICATION = "(osgi.jakartars.name=.default)";

    private ApiResource() {
    }
}
