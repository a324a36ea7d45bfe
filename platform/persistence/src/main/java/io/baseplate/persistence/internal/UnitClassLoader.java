package io.baseplate.persistence.internal;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What EclipseLink loads a unit's classes through: the owning bundle's loader first, then the
 * extender's, so the instant converter, the database platform class and EclipseLink's own classes
 * resolve even when the bundle imports none of their packages.
 */
final class UnitClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader bundle;
    private final ClassLoader extender;

    UnitClassLoader(ClassLoader bundle, ClassLoader extender) {
        super("baseplate-unit", null);
        this.bundle = bundle;
        this.extender = extender;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        try {
            return bundle.loadClass(name);
        } catch (ClassNotFoundException notInBundle) {
            return extender.loadClass(name);
        }
    }

    @Override
    protected URL findResource(String name) {
        URL resource = bundle.getResource(name);
        return resource != null ? resource : extender.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        Set<URL> resources = new LinkedHashSet<>(Collections.list(bundle.getResources(name)));
        resources.addAll(Collections.list(extender.getResources(name)));
        return Collections.enumeration(resources);
    }
}
