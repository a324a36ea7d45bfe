package io.baseplate.tools.migrationcost;

import java.sql.Connection;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * How the platform would run Liquibase: each module hands its own changelog and its own class
 * loader (a bundle's, in OSGi) and runs one {@code update} on a connection of the shared pool.
 */
final class LiquibaseMigrations {

    private LiquibaseMigrations() {
    }

    /** The first touch of Liquibase: builds the root Scope (service loading, configuration providers). */
    static void initScope() {
        Scope.getCurrentScope();
    }

    /**
     * @param quiet as a platform that keeps its console for its own log would run it: Liquibase's
     *              java.util.logging at WARNING (set by the caller), no update summary, and the
     *              "UI" messages sent to the log instead of System.out
     */
    static void update(DataSource dataSource, ClassLoader moduleLoader, String changelog, boolean quiet)
            throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            Map<String, Object> scope = new HashMap<>();
            scope.put(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(moduleLoader));
            if (quiet) {
                scope.put(Scope.Attr.ui.name(), new LoggerUIService());
            }
            Scope.child(scope, () -> {
                CommandScope update = new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog);
                if (quiet) {
                    update.addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                            .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG);
                }
                update.execute();
            });
            // The pooled connection goes back to the pool; database.close() would close it for good.
        }
    }

    /** The same through the older facade, {@code new Liquibase(changelog, accessor, database).update()}. */
    @SuppressWarnings("deprecation")
    static void updateWithFacade(DataSource dataSource, ClassLoader moduleLoader, String changelog) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            new Liquibase(changelog, new ClassLoaderResourceAccessor(moduleLoader), database).update();
        }
    }
}
