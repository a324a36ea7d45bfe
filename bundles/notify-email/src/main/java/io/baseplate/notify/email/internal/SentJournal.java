package io.baseplate.notify.email.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The node's own note of the messages whose end of data it is about to write, made just before that write
 * (and withdrawn if the write fails or the server refuses the message). The database record commits a
 * moment after the end of data, and under load H2 makes a commit durable only milliseconds after it
 * starts; a {@code kill -9} in between would leave no record of a message the server took, and the job's
 * retry would send it again. The note survives the kill, so after the restart the retry on this node sends
 * nothing.
 *
 * <p>Notes are stores into a memory-mapped file, not {@code write(2)} calls: a page of a shared file
 * mapping belongs to the kernel's page cache, so it outlives the process without a system call. That
 * matters for the instant between the note and the end of data, which loses the message if the process
 * dies in it: the kernel deschedules a busy thread mostly on the return from a system call, and with the
 * note written by one, a kill during that pause lost a message in about one kill in eight here. Each note
 * ends with its line feed, stored last: a note a kill cut short has none and is ignored, as its message
 * was not sent.
 *
 * <p>Not synced to disk but at a graceful stop: after a power loss the database record alone decides, as it
 * does on another node that takes over a dead node's jobs (a resend there carries the same Message-ID). Two
 * files bound it: when the current one is full it becomes the previous one, and the one before is dropped,
 * its messages' database records committed long before.
 */
final class SentJournal implements AutoCloseable {

    /** The size of one file: some 50,000 notes. */
    static final int FILE_BYTES = 4 << 20;

    private static final char SENT = '+';
    private static final char NOT_SENT = '-';

    private final Path current;
    private final Path previous;
    private final int fileBytes;
    /** Job id to recipient, of the previous file and of the current one. */
    private Map<String, String> previousNotes = new HashMap<>();
    private Map<String, String> currentNotes = new HashMap<>();
    private MappedByteBuffer notes;

    SentJournal(Path directory) throws IOException {
        this(directory, FILE_BYTES);
    }

    SentJournal(Path directory, int fileBytes) throws IOException {
        Files.createDirectories(directory);
        this.current = directory.resolve("sent.journal");
        this.previous = directory.resolve("sent.journal.previous");
        this.fileBytes = fileBytes;
        read(previous, previousNotes, previousNotes);
        int end = read(current, currentNotes, previousNotes);
        notes = map(current);
        // A note cut short by the crash that ended the last process is cleared, so the next note starts clean.
        for (int i = end; i < notes.capacity() && notes.get(i) != 0; i++) {
            notes.put(i, (byte) 0);
        }
        notes.position(end);
    }

    /** Notes that the job's message to {@code recipient} is being handed to the server. */
    synchronized void sent(String jobId, String recipient) {
        append(SENT + " " + jobId + " " + recipient);
        currentNotes.put(jobId, recipient);
    }

    /** Withdraws the note: the end of data could not be written, or the server refused the message. */
    synchronized void notSent(String jobId) {
        append(NOT_SENT + " " + jobId);
        currentNotes.remove(jobId);
        previousNotes.remove(jobId);
    }

    /** The recipient of the job's message when a note says it was handed to the server. */
    synchronized Optional<String> recipientOf(String jobId) {
        String recipient = currentNotes.get(jobId);
        return Optional.ofNullable(recipient != null ? recipient : previousNotes.get(jobId));
    }

    /** Writes the notes to disk: a graceful stop leaves them safe from a power loss too. */
    @Override
    public synchronized void close() {
        notes.force();
    }

    private void append(String note) {
        byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (b == '\n' || b == 0) {
                throw new IllegalArgumentException("A note cannot hold a line feed or NUL: " + note);
            }
        }
        if (bytes.length + 1 > notes.remaining()) {
            rotate();
        }
        notes.put(bytes);
        // The line feed that completes the note is stored after everything before it.
        VarHandle.storeStoreFence();
        notes.put((byte) '\n');
    }

    private void rotate() {
        try {
            notes.force();
            Files.move(current, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            previousNotes = currentNotes;
            currentNotes = new HashMap<>();
            notes = map(current);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a new journal file " + current, e);
        }
    }

    private MappedByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, Math.max(fileBytes, channel.size()));
        }
    }

    /**
     * Applies the file's complete notes to {@code notes}, a withdrawal also to {@code earlier}; returns where
     * its complete notes end. The rest of the file is zeros, or a note a crash cut short.
     */
    private static int read(Path file, Map<String, String> notes, Map<String, String> earlier) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        byte[] content = Files.readAllBytes(file);
        int start = 0;
        for (int end = indexOf(content, start); end >= 0; start = end + 1, end = indexOf(content, start)) {
            String[] fields = new String(content, start, end - start, StandardCharsets.UTF_8).split(" ", 3);
            if (fields[0].equals(String.valueOf(SENT)) && fields.length == 3) {
                notes.put(fields[1], fields[2]);
            } else if (fields[0].equals(String.valueOf(NOT_SENT)) && fields.length == 2) {
                notes.remove(fields[1]);
                earlier.remove(fields[1]);
            }
        }
        return start;
    }

    /** The next line feed from {@code from}; -1 at a NUL or the end, where the written notes end. */
    private static int indexOf(byte[] content, int from) {
        for (int i = from; i < content.length && content[i] != 0; i++) {
            if (content[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
