package io.baseplate.jobs.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

/** Wraps a {@link DataSource} and records every prepared statement executed through it, with its parameters. */
final class RecordingDataSource {

    /** One execution of a prepared statement. */
    record Execution(String sql, List<Object> parameters) {
    }

    private final List<Execution> executions = new CopyOnWriteArrayList<>();
    private final DataSource dataSource;

    RecordingDataSource(DataSource target) {
        dataSource = proxy(DataSource.class, target, (method, result, args) ->
                method.getName().equals("getConnection") ? connection((Connection) result) : result);
    }

    DataSource dataSource() {
        return dataSource;
    }

    List<Execution> executions() {
        return List.copyOf(executions);
    }

    private Connection connection(Connection target) {
        return proxy(Connection.class, target, (method, result, args) -> method.getName().equals("prepareStatement")
                ? statement((PreparedStatement) result, (String) args[0]) : result);
    }

    private PreparedStatement statement(PreparedStatement target, String sql) {
        Map<Integer, Object> parameters = new TreeMap<>();
        return proxy(PreparedStatement.class, target, (method, result, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                parameters.put(index, args[1]);
            } else if (method.getName().startsWith("execute")) {
                executions.add(new Execution(sql, new ArrayList<>(parameters.values())));
            }
            return result;
        });
    }

    /** What to return instead of the target's result. */
    private interface ResultWrapper {
        Object wrap(Method method, Object result, Object[] args);
    }

    private static <T> T proxy(Class<T> type, T target, ResultWrapper wrapper) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return wrapper.wrap(method, method.invoke(target, args), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(RecordingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
