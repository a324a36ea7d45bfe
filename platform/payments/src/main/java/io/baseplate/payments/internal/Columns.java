package io.baseplate.payments.internal;

/** Widths of the columns that hold provider text, and the cut that makes any text fit. */
final class Columns {

    static final int REFERENCE = 255;
    static final int CODE = 100;
    static final int MESSAGE = 500;

    private Columns() {
    }

    /** The text, cut to the column's width on a character boundary; null stays null. */
    static String fit(String text, int width) {
        if (text == null || text.length() <= width) {
            return text;
        }
        int end = width - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
