package io.baseplate.quizzes.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

import io.baseplate.api.quiz.QuizType;

/**
 * The installed quiz types as a map, so unit tests need no OSGi service references; the registry's own tracking
 * of services is covered in the container (QuizTypeLifecycleIT).
 */
final class InstalledQuizTypes extends QuizTypeRegistry {

    private final Map<String, QuizType> installed = new ConcurrentSkipListMap<>();

    InstalledQuizTypes install(String id, QuizType type) {
        installed.put(id, type);
        return this;
    }

    void uninstall(String id) {
        installed.remove(id);
    }

    @Override
    public Optional<QuizType> type(String id) {
        return Optional.ofNullable(installed.get(id));
    }

    @Override
    public List<QuizTypeInfo> list() {
        return installed.keySet().stream().map(id -> new QuizTypeInfo(id, "test." + id, "1.0.0")).toList();
    }
}
