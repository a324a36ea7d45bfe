package io.baseplate.admin.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Whether a file opens as a complete zip. A jar is written front to back and its central directory
 * comes last, so a jar that is still being copied, or was cut short, does not open: the watcher
 * installs only files that do.
 */
final class JarCheck {

    private JarCheck() {
    }

    /** Empty when {@code file} opens as a zip with at least one entry; otherwise why not, for a log line. */
    static Optional<String> problem(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size() == 0 ? Optional.of("it is an empty zip") : Optional.empty();
        } catch (ZipException notAZip) {
            return Optional.of("it is not a complete zip (" + notAZip.getMessage() + ")");
        } catch (IOException unreadable) {
            return Optional.of("it cannot be read (" + unreadable + ")");
        }
    }
}
