package io.prodlab.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Where a ';' ends a statement and where it does not (the console runs exactly one). */
class SqlConsoleTest {
    @ParameterizedTest
    @ValueSource(strings = {"select 1", "select 1;", "  select 1 ;  \n", "select ';'", "select 'it''s; fine'",
            "select \"a;b\" from t", "select $$x;y$$", "select $tag$ ; $tag$", "select E'a\\';b'",
            "select 1 -- ; not a second", "select /* ; */ 1", "select 1; -- only a comment after",
            "select 1;;", "select e'\\\\'; "})
    void oneStatement(String sql) {
        assertDoesNotThrow(() -> SqlConsole.requireOneStatement(sql));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            select 1; select 2                 | 2 | column 11
            select ';'; drop table spans       | 2 | column 13
            select 1;select 2;select 3         | 3 | column 10
            select 'a\\'; select 2             | 2 | column 14
            """)
    void severalStatements(String sql, int count, String place) {
        QueryException e = assertThrows(QueryException.class, () -> SqlConsole.requireOneStatement(sql));
        assertEquals("'prodlab query' runs exactly one statement; this text has " + count + " (the second starts at "
                + place + "). Run them one at a time.", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ";", "-- nothing\n", "/* nothing */ ;"})
    void noStatement(String sql) {
        QueryException e = assertThrows(QueryException.class, () -> SqlConsole.requireOneStatement(sql));
        assertEquals("There is no SQL statement to run.", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            select 1;\\nselect 2 | line 2, column 1
            """)
    void multiLinePlace(String sql, String place) {
        QueryException e = assertThrows(QueryException.class,
                () -> SqlConsole.requireOneStatement(sql.replace("\\n", "\n")));
        assertEquals("'prodlab query' runs exactly one statement; this text has 2 (the second starts at " + place
                + "). Run them one at a time.", e.getMessage());
    }
}
