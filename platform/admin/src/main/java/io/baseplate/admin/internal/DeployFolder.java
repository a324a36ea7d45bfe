package io.baseplate.admin.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The watched {@code deploy/} folder and how its files map to bundle locations: a jar
 * {@code deploy/x.jar} is installed with the location {@code file:///.../deploy/x.jar}, so the
 * bundles that came from the folder are recognisable among all others, at start too.
 */
record DeployFolder(Path directory) {

    DeployFolder {
        directory = directory.toAbsolutePath().normalize();
    }

    /**
     * Whether a file name is one the watcher deploys: a {@code .jar}, not hidden, so a tool may write
     * {@code .x.jar} or {@code x.jar.part} beside it and rename it when complete.
     */
    static boolean isDeployable(String name) {
        return !name.startsWith(".") && name.toLowerCase(Locale.ROOT).endsWith(".jar");
    }

    /** The bundle location of the jar named {@code name} in this folder. */
    String locationOf(String name) {
        return directory.resolve(name).toUri().toString();
    }

    /** The name of the jar in this folder that {@code location} was installed from, or empty when it was not. */
    Optional<String> nameOf(String location) {
        if (location == null || !location.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(URI.create(location)).toAbsolutePath().normalize();
            if (directory.equals(file.getParent()) && isDeployable(file.getFileName().toString())) {
                return Optional.of(file.getFileName().toString());
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAFilePath) {
            // a location of another kind, such as a tinybundles: or mvn: URL
        }
        return Optional.empty();
    }

    Path fileOf(String name) {
        return directory.resolve(name);
    }
}
