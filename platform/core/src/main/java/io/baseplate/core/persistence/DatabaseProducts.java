package io.baseplate.core.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Which of the two supported databases a connection leads to: PostgreSQL, or else H2. */
public final class DatabaseProducts {

    private DatabaseProducts() {
    }

    public static boolean isPostgreSQL(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
