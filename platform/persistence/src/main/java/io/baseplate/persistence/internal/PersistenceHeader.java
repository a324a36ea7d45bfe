package io.baseplate.persistence.internal;

import java.util.ArrayList;
import java.util.List;

import io.baseplate.api.persistence.Persistence;

/**
 * A bundle's {@value Persistence#HEADER} header:
 * {@code entities="pkg.one,pkg.two"; migrations=db/migration}, quotes optional, both attributes optional.
 *
 * @param entityPackages the packages holding the unit's entities; empty for a bundle with migrations only
 * @param migrations     the bundle folder holding its migration scripts
 */
record PersistenceHeader(List<String> entityPackages, String migrations) {

    static final String DEFAULT_MIGRATIONS = "db/migration";

    static PersistenceHeader parse(String header) {
        List<String> packages = List.of();
        String migrations = DEFAULT_MIGRATIONS;
        for (String clause : splitOutsideQuotes(header, ';')) {
            if (clause.isBlank()) {
                continue;
            }
            int equals = clause.indexOf('=');
            if (equals < 0) {
                throw invalid(header, "'" + clause.strip() + "' is not name=value");
            }
            String name = clause.substring(0, equals).strip();
            String value = unquote(clause.substring(equals + 1).strip());
            switch (name) {
                case "entities" -> packages = packages(header, value);
                case "migrations" -> migrations = folder(header, value);
                default -> throw invalid(header, "unknown attribute '" + name + "' (expected entities or migrations)");
            }
        }
        return new PersistenceHeader(packages, migrations);
    }

    private static List<String> packages(String header, String value) {
        List<String> packages = new ArrayList<>();
        for (String name : value.split(",")) {
            String pkg = name.strip();
            if (!pkg.matches("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*")) {
                throw invalid(header, "'" + pkg + "' is not a package name");
            }
            packages.add(pkg);
        }
        return List.copyOf(packages);
    }

    private static String folder(String header, String value) {
        String folder = value.replaceAll("^/+|/+$", "");
        if (folder.isEmpty()) {
            throw invalid(header, "migrations names no folder");
        }
        return folder;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1).strip()
                : value;
    }

    private static IllegalArgumentException invalid(String header, String problem) {
        return new IllegalArgumentException("invalid " + Persistence.HEADER + " header '" + header + "': " + problem);
    }
}
