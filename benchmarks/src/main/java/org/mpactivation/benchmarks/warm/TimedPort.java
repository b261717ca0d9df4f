package org.mpactivation.benchmarks.warm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** Any outgoing port with every call timed into {@link SideCosts} under one kind (e.g. "marketplace calls"). */
final class TimedPort {

    private TimedPort() {
    }

    static <T> T of(Class<T> port, T delegate, SideCosts costs, String kind) {
        Object proxy = Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(delegate, args);
            }
            long cpu = SideCosts.cpuNow();
            long start = System.nanoTime();
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                costs.add(kind, System.nanoTime() - start, SideCosts.cpuNow() - cpu);
            }
        });
        return port.cast(proxy);
    }
}
