package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManagerFactory;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.baseplate.api.persistence.Persistence;
import io.baseplate.core.persistence.EntityManagerFactories;
import io.baseplate.core.persistence.TransactionalPersistence;
import io.baseplate.persistence.internal.notes.Note;
import io.baseplate.persistence.internal.notes.Setting;

/** Erasing a tenant: the unit's tenant-owned tables come from its descriptors, platform data is left alone. */
class TenantTablesTest {

    private EntityManagerFactory factory;
    private Persistence persistence;
    private JdbcDataSource database;

    @BeforeEach
    void buildUnit() throws Exception {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        new MigrationRunner(database).migrate("io.example.notes", List.of(new MigrationRunner.Script("V1__notes.sql", """
                CREATE TABLE NOTES (ID VARCHAR(36) PRIMARY KEY, TENANT_ID VARCHAR(64) NOT NULL, TEXT VARCHAR(100),
                    CREATED_AT TIMESTAMP);
                CREATE TABLE SETTINGS (NAME VARCHAR(64) PRIMARY KEY, SETTING_VALUE VARCHAR(100));
                """)));
        factory = EntityManagerFactories.create("io.example.notes#" + UUID.randomUUID(), database,
                getClass().getClassLoader(), List.of(Note.class.getName(), Setting.class.getName()));
        persistence = new TransactionalPersistence(factory);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void theTenantOwnedTablesAreTheMultitenantEntitiesTables() {
        assertEquals(List.of(new TenantTables.TenantTable("notes", "NOTES", "TENANT_ID")),
                TenantTables.of("notes", factory));
    }

    @Test
    void eraseDeletesTheTenantsRowsOnly() throws Exception {
        persistence.inTenant("t1", em -> {
            em.persist(new Note("a", "one", null));
            em.persist(new Note("b", "two", null));
            return null;
        });
        persistence.inTenant("t2", em -> {
            em.persist(new Note("c", "three", null));
            return null;
        });
        try (Connection connection = database.getConnection()) {
            Map<String, Integer> deleted = TenantTables.erase(connection, TenantTables.of("notes", factory), "t1");
            assertEquals(Map.of("notes/NOTES", 2), deleted);
        }
        assertEquals(0L, (long) persistence.inTenant("t1", em -> em.createQuery("SELECT COUNT(n) FROM Note n", Long.class).getSingleResult()));
        assertEquals(1L, (long) persistence.inTenant("t2", em -> em.createQuery("SELECT COUNT(n) FROM Note n", Long.class).getSingleResult()));
    }

    @Test
    void childrenGoBeforeParentsAndARefusalUndoesEverything() throws Exception {
        persistence.inTenant("t1", em -> {
            em.persist(new Note("a", "one", null));
            return null;
        });
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE NOTE_LINKS (ID VARCHAR(36) PRIMARY KEY, TENANT_ID VARCHAR(64), "
                    + "NOTE_ID VARCHAR(36) REFERENCES NOTES (ID))");
            statement.execute("INSERT INTO NOTE_LINKS VALUES ('l1', 't1', 'a')");
            List<TenantTables.TenantTable> notes = TenantTables.of("notes", factory);
            // Without the child table in the list, the parent's delete stays refused, and nothing is deleted.
            assertThrows(SQLException.class, () -> TenantTables.erase(connection, notes, "t1"));
            assertEquals(1, count(statement, "NOTES"));
            assertEquals(1, count(statement, "NOTE_LINKS"));
            // With it, listed after its parent, the child is emptied in the first pass and the parent in the second.
            Map<String, Integer> deleted = TenantTables.erase(connection, List.of(notes.get(0),
                    new TenantTables.TenantTable("notes", "NOTE_LINKS", "TENANT_ID")), "t1");
            assertEquals(Map.of("notes/NOTES", 1, "notes/NOTE_LINKS", 1), deleted);
            assertEquals(0, count(statement, "NOTES"));
        }
    }

    private static int count(Statement statement, String table) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
