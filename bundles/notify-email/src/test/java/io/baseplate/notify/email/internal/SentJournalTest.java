package io.baseplate.notify.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentJournalTest {

    @TempDir
    Path directory;

    @Test
    void notesAndWithdrawalsAreReadBackByTheNextProcess() throws Exception {
        try (SentJournal journal = new SentJournal(directory)) {
            journal.sent("job-1", "a@example.com");
            journal.sent("job-2", "\"b c\"@example.com");
            journal.notSent("job-1");
        }

        try (SentJournal reopened = new SentJournal(directory)) {
            assertEquals(Optional.empty(), reopened.recipientOf("job-1"));
            assertEquals(Optional.of("\"b c\"@example.com"), reopened.recipientOf("job-2"));
            assertEquals(Optional.empty(), reopened.recipientOf("job-3"));
        }
    }

    @Test
    void aNoteCutShortByACrashIsIgnoredAndCleared() throws Exception {
        try (SentJournal journal = new SentJournal(directory)) {
            journal.sent("job-1", "a@example.com");
        }
        Path file = directory.resolve("sent.journal");
        byte[] content = Files.readAllBytes(file);
        int end = 0;
        while (content[end] != 0) {
            end++;
        }
        // The kill came while the note of job-2 was being stored: no line feed yet.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("+ job-2 b@exa".getBytes(StandardCharsets.UTF_8)), end);
        }

        try (SentJournal reopened = new SentJournal(directory)) {
            assertEquals(Optional.of("a@example.com"), reopened.recipientOf("job-1"));
            assertEquals(Optional.empty(), reopened.recipientOf("job-2"));
            reopened.sent("job-3", "c@example.com");
        }
        try (SentJournal again = new SentJournal(directory)) {
            assertEquals(Optional.empty(), again.recipientOf("job-2"), "the cut note was cleared, not completed by the next one");
            assertEquals(Optional.of("c@example.com"), again.recipientOf("job-3"));
        }
    }

    @Test
    void aFullFileBecomesThePreviousOneAndTheOneBeforeIsDropped() throws Exception {
        int fileBytes = 4096;
        int perFile = fileBytes / ("+ job-0000 a@example.com\n".length());
        try (SentJournal journal = new SentJournal(directory, fileBytes)) {
            journal.sent("job-0000", "a@example.com");
            for (int i = 1; i < 2 * perFile + 5; i++) {
                journal.sent(String.format("job-%04d", i), "a@example.com");
            }
            journal.notSent(String.format("job-%04d", 2 * perFile));

            assertEquals(Optional.empty(), journal.recipientOf("job-0000"));
            assertEquals(Optional.of("a@example.com"), journal.recipientOf(String.format("job-%04d", perFile + 1)));
        }

        try (SentJournal reopened = new SentJournal(directory, fileBytes)) {
            assertEquals(Optional.empty(), reopened.recipientOf("job-0000"));
            assertEquals(Optional.of("a@example.com"), reopened.recipientOf(String.format("job-%04d", perFile + 1)));
            assertEquals(Optional.empty(), reopened.recipientOf(String.format("job-%04d", 2 * perFile)));
            assertEquals(Optional.of("a@example.com"), reopened.recipientOf(String.format("job-%04d", 2 * perFile + 4)));
        }
    }

    @Test
    void aNoteCannotHoldALineFeed() throws Exception {
        try (SentJournal journal = new SentJournal(directory)) {
            assertThrows(IllegalArgumentException.class, () -> journal.sent("job-1", "a@example.com\n+ job-2 x"));
            assertEquals(Optional.empty(), journal.recipientOf("job-1"));
        }
    }
}
