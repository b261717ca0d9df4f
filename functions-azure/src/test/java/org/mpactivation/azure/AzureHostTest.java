package org.mpactivation.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.config.StartupWarmup;

class AzureHostTest {

    /** Every function reaches its graph through the host, so the host's class is where the worker's JVM warms up. */
    @Test
    void givenTheHost_thenItsStaticInitializerStartsTheJdkWarmUpFirst() {
        JavaClass host = new ClassFileImporter().importClass(AzureHost.class);
        List<JavaMethodCall> calls = host.getStaticInitializer()
                .map(init -> init.getMethodCallsFromSelf().stream()
                        .sorted(Comparator.comparingInt(JavaMethodCall::getLineNumber)).toList())
                .orElse(List.of());

        assertFalse(calls.isEmpty(), "the host has no static initializer");
        assertEquals(StartupWarmup.class.getName() + ".begin",
                calls.get(0).getTargetOwner().getName() + "." + calls.get(0).getName());
    }
}
