package io.baseplate.quiz.shortanswer.internal;

/**
 * Text that allows a fixed number of character reads, shared with its subsequences. {@link java.util.regex}
 * reads its input through {@link #charAt}, so a match that backtracks without end runs out of reads and stops
 * with {@link BudgetSpent}, after the same amount of work on every run.
 */
final class BoundedText implements CharSequence {

    /** Character reads allowed for one match. */
    static final int STEPS = 1_000_000;

    /** The match used its whole budget. */
    static final class BudgetSpent extends RuntimeException {

        private static final long serialVersionUID = 1L;

        BudgetSpent() {
            super("the match used its " + STEPS + " character reads", null, false, false);
        }
    }

    private final String text;
    private final int[] stepsLeft;

    BoundedText(String text) {
        this(text, new int[] {STEPS});
    }

    private BoundedText(String text, int[] stepsLeft) {
        this.text = text;
        this.stepsLeft = stepsLeft;
    }

    @Override
    public char charAt(int index) {
        if (--stepsLeft[0] < 0) {
            throw new BudgetSpent();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.substring(start, end), stepsLeft);
    }

    @Override
    public String toString() {
        return text;
    }
}
