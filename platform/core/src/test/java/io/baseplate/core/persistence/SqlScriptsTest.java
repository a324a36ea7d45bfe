package io.baseplate.core.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class SqlScriptsTest {

    @Test
    void splitsScriptsIntoStatementsAndDropsComments() {
        assertEquals(List.of("CREATE TABLE A (ID INT)", "CREATE TABLE B (\n    ID INT\n)", "INSERT INTO A VALUES (1)"),
                SqlScripts.statements("""
                        -- a comment
                        CREATE TABLE A (ID INT);

                        CREATE TABLE B (
                            ID INT
                        );
                        INSERT INTO A VALUES (1)"""));
    }
}
