package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.persistence.internal.MigrationRunner.Script;

class MigrationRunnerTest {

    private static final Script V1 = new Script("V1__create_notes.sql", """
            -- the first table
            CREATE TABLE NOTES (
                ID INTEGER PRIMARY KEY
            );
            """);
    private static final Script V2 = new Script("V2__add_text.sql", "ALTER TABLE NOTES ADD COLUMN TEXT VARCHAR(100);\n");
    private static final Script V10 = new Script("V10__insert_note.sql", "INSERT INTO NOTES (ID, TEXT) VALUES (1, 'one');\n");

    private JdbcDataSource database;
    private MigrationRunner runner;

    @BeforeEach
    void openDatabase() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        runner = new MigrationRunner(database);
    }

    @Test
    void appliesScriptsInVersionOrderNotNameOrder() throws Exception {
        assertEquals(3, runner.migrate("io.example.notes", List.of(V10, V2, V1)));
        assertEquals(List.of("1 V1__create_notes.sql", "2 V2__add_text.sql", "10 V10__insert_note.sql"),
                history("io.example.notes"));
        assertEquals(List.of("one"), query("SELECT TEXT FROM NOTES"));
    }

    @Test
    void appliesNothingTheSecondTime() throws Exception {
        runner.migrate("io.example.notes", List.of(V1, V2));
        assertEquals(0, runner.migrate("io.example.notes", List.of(V1, V2)));
        assertEquals(1, runner.migrate("io.example.notes", List.of(V1, V2, V10)), "only the new script");
    }

    @Test
    void keepsEachUnitsHistoryApart() throws Exception {
        Script otherV1 = new Script("V1__create_tags.sql", "CREATE TABLE TAGS (ID INTEGER);");
        assertEquals(1, runner.migrate("io.example.notes", List.of(V1)));
        assertEquals(1, runner.migrate("io.example.tags", List.of(otherV1)));
        assertEquals(List.of("1 V1__create_notes.sql"), history("io.example.notes"));
        assertEquals(List.of("1 V1__create_tags.sql"), history("io.example.tags"));
    }

    @Test
    void refusesAScriptChangedAfterItWasApplied() throws Exception {
        runner.migrate("io.example.notes", List.of(V1, V2));
        Script edited = new Script(V2.name(), "ALTER TABLE NOTES ADD COLUMN TEXT VARCHAR(200);\n");
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
                () -> runner.migrate("io.example.notes", List.of(V1, edited, V10)));
        assertTrue(refused.getMessage().startsWith("migration V2__add_text.sql of io.example.notes was changed after "
                + "it was applied on "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("restore the original script and add a new migration for the change"));
        assertEquals(2, history("io.example.notes").size(), "nothing applied after a refusal");
    }

    @Test
    void ignoresLineEndingsInTheChecksum() throws Exception {
        runner.migrate("io.example.notes", List.of(V1));
        Script windows = new Script(V1.name(), V1.sql().replace("\n", "\r\n"));
        assertEquals(0, runner.migrate("io.example.notes", List.of(windows)));
    }

    @Test
    void refusesWhenAnAppliedScriptIsNoLongerShipped() throws Exception {
        runner.migrate("io.example.notes", List.of(V1, V2));
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
                () -> runner.migrate("io.example.notes", List.of(V1)));
        assertTrue(refused.getMessage().contains("migration V2__add_text.sql of io.example.notes was applied on "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("no longer ships it; restore the original script and add a new migration"));
    }

    @Test
    void refusesBadNamesAndTwoScriptsOfOneVersionBeforeTouchingTheDatabase() throws Exception {
        MigrationRefusedException badName = assertThrows(MigrationRefusedException.class,
                () -> runner.migrate("io.example.notes", List.of(V1, new Script("V2_add_text.sql", "SELECT 1;"))));
        assertTrue(badName.getMessage().contains("V2_add_text.sql of io.example.notes is not named like V1__description.sql"));
        MigrationRefusedException twins = assertThrows(MigrationRefusedException.class,
                () -> runner.migrate("io.example.notes", List.of(V1, new Script("V1__again.sql", "SELECT 1;"))));
        assertTrue(twins.getMessage().contains("have the same version"), twins.getMessage());
        assertFalse(tableExists("NOTES"));
    }

    @Test
    void aFailedScriptIsNotRecordedAndTheNextRunRetriesIt() throws Exception {
        Script failing = new Script("V2__broken.sql", "INSERT INTO NOTES (ID) VALUES (1);\nINSERT INTO MISSING VALUES (1);\n");
        MigrationRefusedException refused = assertThrows(MigrationRefusedException.class,
                () -> runner.migrate("io.example.notes", List.of(V1, failing)));
        assertTrue(refused.getMessage().startsWith("migration V2__broken.sql of io.example.notes failed: "));
        assertEquals(List.of("1 V1__create_notes.sql"), history("io.example.notes"));
        assertEquals(List.of(), query("SELECT ID FROM NOTES"), "the script's insert was rolled back");
        assertEquals(1, runner.migrate("io.example.notes",
                List.of(V1, new Script("V2__broken.sql", "INSERT INTO NOTES (ID) VALUES (1);\n"))));
    }

    @Test
    void checksumIsTheSha256OfTheText() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", MigrationRunner.checksum(""));
        assertEquals(64, MigrationRunner.checksum(V1.sql()).length());
    }

    private List<String> history(String unit) throws SQLException {
        return query("SELECT VERSION || ' ' || SCRIPT FROM BASEPLATE_MIGRATIONS WHERE UNIT = '" + unit + "' ORDER BY VERSION");
    }

    private boolean tableExists(String table) throws SQLException {
        return !query("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = '" + table + "'").isEmpty();
    }

    private List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = database.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
