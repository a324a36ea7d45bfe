package io.baseplate.quiz.multiplechoice.internal;

import java.util.List;
import java.util.Map;

import io.baseplate.api.quiz.FieldProblem;

/** Reads typed fields of a JSON object, noting a problem, with the field's path, for each that is not as it must be. */
final class Fields {

    private Fields() {
    }

    static String text(Map<String, Object> object, String name, boolean required, int maxLength,
                       List<FieldProblem> problems) {
        return text(object, name, required, maxLength, problems, "");
    }

    static String text(Map<String, Object> object, String name, boolean required, int maxLength,
                       List<FieldProblem> problems, String parent) {
        Object value = object.get(name);
        String path = path(parent, name);
        if (value == null) {
            if (required) {
                problems.add(new FieldProblem(path, "is required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            problems.add(new FieldProblem(path, "must be a string"));
            return null;
        }
        if (required && text.isBlank()) {
            problems.add(new FieldProblem(path, "must not be empty"));
            return null;
        }
        if (text.length() > maxLength) {
            problems.add(new FieldProblem(path, "must be at most " + maxLength + " characters"));
            return null;
        }
        return text;
    }

    static boolean bool(Map<String, Object> object, String name, boolean absent, List<FieldProblem> problems) {
        return bool(object, name, absent, problems, "");
    }

    static boolean bool(Map<String, Object> object, String name, boolean absent, List<FieldProblem> problems,
                        String parent) {
        Object value = object.get(name);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean flag)) {
            problems.add(new FieldProblem(path(parent, name), "must be true or false"));
            return absent;
        }
        return flag;
    }

    /** A number from 0 to 1; 0 when absent. */
    static double fraction(Map<String, Object> object, String name, List<FieldProblem> problems, String parent) {
        Object value = object.get(name);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number number) || !(number.doubleValue() >= 0 && number.doubleValue() <= 1)) {
            problems.add(new FieldProblem(path(parent, name), "must be a number from 0 to 1"));
            return 0;
        }
        return number.doubleValue();
    }

    private static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }
}
