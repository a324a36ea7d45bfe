package io.baseplate.core.internal.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    @Test
    void splitsScriptsIntoStatementsAndDropsComments() {
        List<String> statements = SchemaMigrator.statements("""
                -- a comment
                CREATE TABLE A (ID INT);

                CREATE TABLE B (
                    ID INT
                );
                INSERT INTO A VALUES (1)""");
        assertEquals(List.of("CREATE TABLE A (ID INT)", "CREATE TABLE B (\n    ID INT\n)", "INSERT INTO A VALUES (1)"),
                statements);
    }

    @Test
    void readsTheVersionFromTheScriptName() {
        assertEquals(12, SchemaMigrator.versionOf("V12__add_refunds.sql"));
        assertThrows(IllegalArgumentException.class, () -> SchemaMigrator.versionOf("add_refunds.sql"));
        assertThrows(IllegalArgumentException.class, () -> SchemaMigrator.versionOf("V1_single_underscore.sql"));
    }

    @Test
    void appliesEachScriptOnceAndRecordsIt() throws Exception {
        try (InMemoryDatabase database = new InMemoryDatabase()) {
            SchemaMigrator migrator = new SchemaMigrator(database.dataSource(), getClass().getClassLoader());
            assertEquals(0, migrator.migrate(), "the database was migrated when it was opened");
            try (Connection connection = database.dataSource().getConnection();
                 ResultSet rows = connection.createStatement().executeQuery(
                         "SELECT VERSION, SCRIPT FROM SCHEMA_VERSION ORDER BY VERSION")) {
                rows.next();
                assertEquals(1, rows.getInt(1));
                assertEquals("V1__baseline.sql", rows.getString(2));
            }
            try (Connection connection = database.dataSource().getConnection();
                 ResultSet rows = connection.createStatement().executeQuery("SELECT COUNT(*) FROM PAYMENTS")) {
                rows.next();
                assertEquals(0, rows.getInt(1));
            }
        }
    }
}
