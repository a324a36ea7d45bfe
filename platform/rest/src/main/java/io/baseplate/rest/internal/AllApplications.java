package io.baseplate.rest.internal;

/** Whiteboard target for extensions that apply to every application, the default one included. */
final class AllApplications {

    static final String SELECT = "(osgi.jakartars.name=*)";

    private AllApplications() {
    }
}
