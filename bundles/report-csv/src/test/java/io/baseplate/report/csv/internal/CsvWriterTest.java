package io.baseplate.report.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void plainFieldsAreWrittenAsTheyAreAndLinesEndWithCrLf() throws IOException {
        assertEquals("id,10000,order 7\r\n", csv(List.of("id", "10000", "order 7")));
    }

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndInnerQuotesDoubled() {
        assertEquals("\"a,b\"", CsvWriter.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvWriter.field("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvWriter.field("two\nlines"));
        assertEquals("\"carriage\rreturn\"", CsvWriter.field("carriage\rreturn"));
    }

    @Test
    void nullAndEmptyCellsAreEmptyFields() throws IOException {
        assertEquals(",,x\r\n", csv(Arrays.asList(null, "", "x")));
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasStartWithAQuote() {
        assertEquals("\"'=HYPERLINK(\"\"http://evil\"\")\"", CsvWriter.field("=HYPERLINK(\"http://evil\")"));
        assertEquals("'+1", CsvWriter.field("+1"));
        assertEquals("'-2+3", CsvWriter.field("-2+3"));
        assertEquals("'@SUM(A1:A9)", CsvWriter.field("@SUM(A1:A9)"));
        assertEquals("'\tcmd", CsvWriter.field("\tcmd"));
        assertEquals("\"'=1,2\"", CsvWriter.field("=1,2"), "a neutralised cell is still quoted when it must be");
        assertEquals("a=b", CsvWriter.field("a=b"), "only a leading sign makes a formula");
    }

    private static String csv(List<String> cells) throws IOException {
        StringWriter out = new StringWriter();
        new CsvWriter(out).row(cells);
        return out.toString();
    }
}
