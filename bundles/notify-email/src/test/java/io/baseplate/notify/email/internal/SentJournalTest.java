package io.baseplate.notify.email.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void aLastLineCutByACrashIsIgnored() throws Exception {
        try (SentJournal journal = new SentJournal(directory)) {
            journal.sent("job-1", "a@example.com");
        }
        Files.writeString(directory.resolve("sent.journal"), "+ job-2 b@exa", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (SentJournal reopened = new SentJournal(directory)) {
            assertEquals(Optional.of("a@example.com"), reopened.recipientOf("job-1"));
            assertEquals(Optional.empty(), reopened.recipientOf("job-2"));
        }
    }

    @Test
    void rotationKeepsThePreviousFileAndDropsTheOneBefore() throws Exception {
        try (SentJournal journal = new SentJournal(directory)) {
            journal.sent("oldest", "a@example.com");
            for (int i = 1; i < 2 * SentJournal.ROTATE_AFTER; i++) {
                journal.sent("job-" + i, "a@example.com");
            }
            journal.sent("newest", "a@example.com");
            journal.notSent("job-" + (SentJournal.ROTATE_AFTER + 1));

            assertEquals(Optional.empty(), journal.recipientOf("oldest"));
            assertEquals(Optional.of("a@example.com"), journal.recipientOf("job-" + SentJournal.ROTATE_AFTER));
        }

        try (SentJournal reopened = new SentJournal(directory)) {
            assertEquals(Optional.empty(), reopened.recipientOf("oldest"));
            assertEquals(Optional.of("a@example.com"), reopened.recipientOf("job-" + SentJournal.ROTATE_AFTER));
            // Withdrawn in the current file, noted in the previous one.
            assertEquals(Optional.empty(), reopened.recipientOf("job-" + (SentJournal.ROTATE_AFTER + 1)));
            assertEquals(Optional.of("a@example.com"), reopened.recipientOf("newest"));
        }
    }
}
