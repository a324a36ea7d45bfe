package io.baseplate.admin.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * What a file in {@code deploy/} looks like from outside: its size, modification time and file key
 * (device and inode on Linux). A write changes the first two, a jar renamed over another the third, so
 * an unchanged fingerprint means an unchanged file without reading it.
 *
 * @param size         bytes
 * @param modified     last modification, ms since the epoch
 * @param fileKey      the file system's identity of the file, "" where it has none
 */
record Fingerprint(long size, long modified, String fileKey) {

    Fingerprint {
        Objects.requireNonNull(fileKey, "fileKey");
    }

    /** The file's fingerprint now, or empty when there is no regular file at {@code file}. */
    static Optional<Fingerprint> of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            Object key = attributes.fileKey();
            return Optional.of(new Fingerprint(attributes.size(), attributes.lastModifiedTime().toMillis(),
                    key == null ? "" : key.toString()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /** One line for the watcher's state file; {@link #parse(String)} reads it back. */
    String format() {
        return size + "/" + modified + "/" + fileKey;
    }

    /** A fingerprint written by {@link #format()}, or empty when {@code text} is not one. */
    static Optional<Fingerprint> parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("/", 3);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Fingerprint(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
        } catch (NumberFormatException notOne) {
            return Optional.empty();
        }
    }
}
