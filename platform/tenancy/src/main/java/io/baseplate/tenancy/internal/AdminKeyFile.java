package io.baseplate.tenancy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a generated admin key to a file only its owner can read. The file is created with mode 0600 in
 * the same call that creates it, so there is no moment in which another user could open it; a file left
 * from an earlier generation is replaced.
 */
final class AdminKeyFile {

    static final String NAME = "initial-admin-key";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AdminKeyFile() {
    }

    static Path write(Path directory, String key) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(NAME);
        Files.deleteIfExists(file);
        byte[] content = (key + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits the data directory's ACL, which the installer restricts to its owner.
            Files.createFile(file);
        } catch (FileAlreadyExistsException raced) {
            throw new IOException("Another process created " + file + " at the same time", raced);
        }
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
        return file;
    }
}
