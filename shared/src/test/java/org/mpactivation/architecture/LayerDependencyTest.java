package org.mpactivation.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of {@code shared}: the domain, use cases, ports, repositories and web routes know no
 * cloud SDK (both clouds use them), the domain knows nothing above it, and the use cases know no
 * adapter and no web code.
 */
class LayerDependencyTest {

    private static final String[] CLOUD_SDKS = {"software.amazon..", "com.amazonaws..", "com.azure..",
            "com.microsoft.."};
    private static final String[] CLOUD_NEUTRAL = {"org.mpactivation.domain..", "org.mpactivation.application..",
            "org.mpactivation.port..", "org.mpactivation.repository..", "org.mpactivation.web..",
            "org.mpactivation.observability.."};

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.mpactivation");
    }

    @Test
    void givenImportedClasses_thenEveryCheckedLayerIsThere() {
        for (String known : List.of("org.mpactivation.domain.InputRules",
                "org.mpactivation.application.Registration", "org.mpactivation.port.out.store.ItemStore",
                "org.mpactivation.repository.AccountRepository", "org.mpactivation.web.Router",
                "org.mpactivation.adapter.store.DynamoDbItemStore")) {
            assertTrue(production.contain(known), known + " was not imported");
        }
        assertFalse(production.contain(LayerDependencyTest.class), "test classes are not checked");
    }

    @Test
    void givenCloudNeutralLayers_thenNoCloudSdkIsUsed() {
        noCloudSdkIn(CLOUD_NEUTRAL).check(production);
    }

    @Test
    void givenDomain_thenItDependsOnNothingAboveIt() {
        noClasses().that().resideInAPackage("org.mpactivation.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mpactivation.application..",
                        "org.mpactivation.web..", "org.mpactivation.repository..", "org.mpactivation.adapter..",
                        "org.mpactivation.config..")
                .check(production);
    }

    @Test
    void givenUseCases_thenTheyDependOnNoAdapterAndNoWebCode() {
        noClasses().that().resideInAPackage("org.mpactivation.application..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mpactivation.adapter..",
                        "org.mpactivation.web..", "org.mpactivation.config..")
                .check(production);
    }

    @Test
    void givenPortsAndRepositories_thenTheyDependOnNoAdapter() {
        noClasses().that().resideInAnyPackage("org.mpactivation.port..", "org.mpactivation.repository..",
                        "org.mpactivation.web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mpactivation.adapter..",
                        "org.mpactivation.config..")
                .check(production);
    }

    /** The store speaks DynamoDB through the light client of adapter.aws: no SDK class on its cold path. */
    @Test
    void givenTheStoreAdapters_thenNoCloudSdkIsUsed() {
        noCloudSdkIn("org.mpactivation.adapter.store..", "org.mpactivation.adapter.aws..").check(production);
    }

    /** The rule is only worth something if it fails where an SDK is used: the SES mailer uses one. */
    @Test
    void givenTheSdkRuleAppliedToTheSesMailer_thenItReportsViolations() {
        EvaluationResult result = noCloudSdkIn("org.mpactivation.adapter.mail..").evaluate(production);

        assertTrue(result.hasViolation());
        assertTrue(result.getFailureReport().getDetails().stream()
                .anyMatch(line -> line.contains("SesMailer") && line.contains("software.amazon.awssdk")),
                result.getFailureReport().toString());
    }

    @Test
    void givenTheLayerRuleAppliedWhereADependencyExists_thenItReportsIt() {
        EvaluationResult result = noClasses().that().resideInAPackage("org.mpactivation.web..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mpactivation.application..")
                .evaluate(production);

        assertTrue(result.hasViolation(), "web uses the use cases, so this inverted rule must fail");
    }

    private static ArchRule noCloudSdkIn(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage(CLOUD_SDKS)
                .because("the domain, use cases, ports, repositories and web routes serve both clouds");
    }
}
