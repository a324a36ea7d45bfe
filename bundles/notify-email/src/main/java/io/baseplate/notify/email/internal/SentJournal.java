package io.baseplate.notify.email.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
 * The node's own note of the messages whose end of data it is about to write, appended with one
 * {@code write(2)} just before that write (and withdrawn if the write fails or the server refuses the
 * message). The database record commits a moment after the end of data, and under load H2 makes a commit
 * durable only milliseconds after it starts; a {@code kill -9} in between would leave no record of a
 * message the server took, and the job's retry would send it again. What the kernel was given survives the
 * kill, so the note is there after the restart, and the retry on this node sends nothing. The note comes
 * first because the end of data wakes the server's reader, which can take the CPU from the sending thread
 * for milliseconds: a note written after it would miss kills in that pause. What remains is a kill in the
 * microseconds between the note and the end of data, which loses that one message.
 *
 * <p>Not synced to disk: after a power loss the database record alone decides, as it does on another node
 * that takes over a dead node's jobs (a resend there carries the same Message-ID). Two files bound it: when
 * the current one holds {@value #ROTATE_AFTER} notes it becomes the previous one, and the one before is
 * dropped, its messages' database records committed long before.
 */
final class SentJournal implements AutoCloseable {

    static final int ROTATE_AFTER = 10_000;

    private static final String SENT = "+";
    private static final String NOT_SENT = "-";

    private final Path current;
    private final Path previous;
    /** Job id to recipient, of the previous file and of the current one. */
    private Map<String, String> previousNotes;
    private Map<String, String> currentNotes = new HashMap<>();
    private int currentLines;
    private FileChannel channel;

    SentJournal(Path directory) throws IOException {
        Files.createDirectories(directory);
        current = directory.resolve("sent.journal");
        previous = directory.resolve("sent.journal.previous");
        previousNotes = new HashMap<>();
        read(previous, previousNotes, previousNotes);
        currentLines = read(current, currentNotes, previousNotes);
        channel = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Notes that the job's message to {@code recipient} is being handed to the server. */
    synchronized void sent(String jobId, String recipient) {
        append(SENT + " " + jobId + " " + recipient + "\n");
        currentNotes.put(jobId, recipient);
    }

    /** Withdraws the note: the end of data could not be written, or the server refused the message. */
    synchronized void notSent(String jobId) {
        append(NOT_SENT + " " + jobId + "\n");
        currentNotes.remove(jobId);
        previousNotes.remove(jobId);
    }

    /** The recipient of the job's message when a note says it was handed to the server. */
    synchronized Optional<String> recipientOf(String jobId) {
        String recipient = currentNotes.get(jobId);
        return Optional.ofNullable(recipient != null ? recipient : previousNotes.get(jobId));
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private void append(String line) {
        try {
            if (currentLines >= ROTATE_AFTER) {
                rotate();
            }
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            currentLines++;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not note a sent message in " + current, e);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Files.move(current, previous, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        previousNotes = currentNotes;
        currentNotes = new HashMap<>();
        currentLines = 0;
        channel = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /**
     * Applies the file's notes to {@code notes}, a withdrawal also to {@code earlier}; returns its line count.
     * A last line without its line feed was cut by the crash that ended its writer, before its message's end
     * of data could be confirmed: it is ignored.
     */
    private static int read(Path file, Map<String, String> notes, Map<String, String> earlier) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        // Decoded leniently: a line a power loss cut mid-character is dropped below, not fatal here.
        String content = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int lines = 0;
        for (int start = 0, end = content.indexOf('\n'); end >= 0; start = end + 1, end = content.indexOf('\n', start)) {
            lines++;
            String[] fields = content.substring(start, end).split(" ", 3);
            if (fields[0].equals(SENT) && fields.length == 3) {
                notes.put(fields[1], fields[2]);
            } else if (fields[0].equals(NOT_SENT) && fields.length == 2) {
                notes.remove(fields[1]);
                earlier.remove(fields[1]);
            }
        }
        return lines;
    }
}
