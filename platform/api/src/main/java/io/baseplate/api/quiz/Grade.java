package io.baseplate.api.quiz;

/**
 * The grade of one response.
 *
 * @param fraction the score as a fraction of the question's marks, from 0 to 1
 * @param feedback what the student is told about the response; may be null
 */
public record Grade(double fraction, String feedback) {

    public Grade {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("a grade's fraction is from 0 to 1, not " + fraction);
        }
    }
}
