package org.mpactivation.observability.log;

import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.helpers.ThreadLocalMapOfStacks;
import org.slf4j.spi.MDCAdapter;

/**
 * The MDC: one map per thread, which a new thread does not inherit (as logback's: a pooled thread must not
 * carry the request context of the thread that started it).
 */
final class JsonLogMdc implements MDCAdapter {

    private final ThreadLocal<Map<String, String>> maps = new ThreadLocal<>();
    private final ThreadLocalMapOfStacks deques = new ThreadLocalMapOfStacks();

    @Override
    public void put(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("key cannot be null");
        }
        Map<String, String> map = maps.get();
        if (map == null) {
            map = new LinkedHashMap<>();
            maps.set(map);
        }
        map.put(key, value);
    }

    @Override
    public String get(String key) {
        Map<String, String> map = maps.get();
        return map == null || key == null ? null : map.get(key);
    }

    @Override
    public void remove(String key) {
        Map<String, String> map = maps.get();
        if (map != null && key != null) {
            map.remove(key);
        }
    }

    @Override
    public void clear() {
        maps.remove();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        Map<String, String> map = maps.get();
        return map == null ? null : new LinkedHashMap<>(map);
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        if (contextMap == null) {
            maps.remove();
        } else {
            maps.set(new LinkedHashMap<>(contextMap));
        }
    }

    /** This thread's map itself, not a copy (or null): read by the thread's own log calls only. */
    Map<String, String> current() {
        return maps.get();
    }

    @Override
    public void pushByKey(String key, String value) {
        deques.pushByKey(key, value);
    }

    @Override
    public String popByKey(String key) {
        return deques.popByKey(key);
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        return deques.getCopyOfDequeByKey(key);
    }

    @Override
    public void clearDequeByKey(String key) {
        deques.clearDequeByKey(key);
    }
}
