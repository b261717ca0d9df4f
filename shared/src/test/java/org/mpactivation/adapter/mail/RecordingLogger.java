package org.mpactivation.adapter.mail;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J {@link Logger} that keeps every line at every level, as a backend would print it,
 * stack trace text included. It does not depend on which backend the tests run with or on its
 * level settings.
 */
final class RecordingLogger {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) Proxy.newProxyInstance(
            Logger.class.getClassLoader(), new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                String name = method.getName();
                if (name.startsWith("is") && name.endsWith("Enabled")) {
                    return true;
                }
                if (name.equals("getName")) {
                    return "recording";
                }
                if (name.equals("toString")) {
                    return "RecordingLogger";
                }
                if (name.equals("hashCode")) {
                    return System.identityHashCode(proxy);
                }
                if (name.equals("equals")) {
                    return proxy == args[0];
                }
                if (args != null && List.of("trace", "debug", "info", "warn", "error").contains(name)) {
                    lines.add(name.toUpperCase() + " " + render(args));
                    return null;
                }
                if (name.startsWith("at") || name.equals("makeLoggingEventBuilder")) {
                    throw new UnsupportedOperationException("the fluent API is not recorded: " + name);
                }
                return null;
            });

    Logger logger() {
        return logger;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String all() {
        return String.join("\n", lines);
    }

    private static String render(Object[] args) {
        List<Object> rest = new ArrayList<>(Arrays.asList(args));
        if (!rest.isEmpty() && !(rest.get(0) instanceof String)) {
            rest.remove(0); // a Marker
        }
        String format = String.valueOf(rest.remove(0));
        Object[] params = flatten(rest);
        var formatted = MessageFormatter.arrayFormat(format, params);
        StringBuilder out = new StringBuilder(formatted.getMessage());
        Throwable thrown = formatted.getThrowable();
        if (thrown == null && params.length > 0 && params[params.length - 1] instanceof Throwable t) {
            thrown = t;
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            out.append("\n  caused by ").append(t);
        }
        return out.toString();
    }

    private static Object[] flatten(List<Object> rest) {
        if (rest.size() == 1 && rest.get(0) instanceof Object[] array) {
            return array;
        }
        return rest.toArray();
    }
}
