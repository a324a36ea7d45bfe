package io.baseplate.report.csv.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes rows as RFC 4180 CSV: fields separated by commas, lines ended by CRLF, a field quoted when it
 * holds a comma, a double quote, CR or LF, and double quotes inside it doubled.
 *
 * <p>Cells are also neutralised against formula injection: a spreadsheet runs a cell that starts with
 * {@code =}, {@code +}, {@code -} or {@code @} (some also with a tab or CR) as a formula, and payment
 * references come from clients. Such a cell gets a leading single quote, which spreadsheets show as text
 * (OWASP, "CSV Injection"). Numbers written here are never negative, so no amount is changed by it.
 */
final class CsvWriter {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final Writer out;

    CsvWriter(Writer out) {
        this.out = out;
    }

    /** One line; a null cell is written as an empty field. */
    void row(List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(cells.get(i)));
        }
        out.write("\r\n");
    }

    static String field(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        String text = FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
