package io.baseplate.persistence.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class DatabaseTest {

    @Test
    void picksTheDriversOwnDataSourceByUrl() {
        assertInstanceOf(JdbcDataSource.class, Database.driverDataSource("jdbc:h2:mem:x", "sa", ""));
        PGSimpleDataSource postgres = assertInstanceOf(PGSimpleDataSource.class,
                Database.driverDataSource("jdbc:postgresql://127.0.0.1:5432/baseplate", "postgres", "secret"));
        assertEquals("baseplate", postgres.getDatabaseName());
        assertEquals("postgres", postgres.getUser());
    }

    @Test
    void refusesOtherDatabasesWithoutShowingTheirParameters() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Database.driverDataSource("jdbc:mysql://db/baseplate?password=secret", "root", ""));
        assertEquals("Unsupported database URL jdbc:mysql://db/baseplate in io.baseplate.database: "
                + "use jdbc:h2:... or jdbc:postgresql://host:port/database", refused.getMessage());
    }
}
