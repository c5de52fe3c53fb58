package io.contactsbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.contactsbridge.connector.Connector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house (issue 11, DESIGN "Connector kit"), checked on the compiled main classes:
 * the kit at the bottom, no import loops, a core that names no connector, connectors that do not
 * know each other, simulators wired only by the composition root and bench, small source files.
 */
class ArchitectureTest {
    private static final String ROOT = "io.contactsbridge";
    /** The connectors on the class path, found as the bridge finds them. */
    private static List<String> connectorPackages;
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
        connectorPackages = ServiceLoader.load(Connector.class).stream()
                .map(p -> p.type().getPackageName()).distinct().toList();
        assertThat(connectorPackages).as("connectors found by ServiceLoader").hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void packagesHaveNoImportLoops() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void theKitImportsNothingOfOursButConfigAndApi() {
        classes().that().resideInAPackage(ROOT + ".connector..").should()
                .onlyDependOnClassesThat(outsideOfOursOr("connector", "config", "api")).check(main);
        noClasses().that().resideInAnyPackage(ROOT + ".api..", ROOT + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".connector..", ROOT + ".sync..",
                        ROOT + ".runtime..", ROOT + ".webhook..", ROOT + ".store..", ROOT + ".ops..")
                .check(main);
    }

    @Test
    void theHouseNamesNoConnector() {
        String[] connectors = connectorPackages.stream().map(p -> topLevel(p) + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage(ROOT + ".sync..", ROOT + ".webhook..", ROOT + ".runtime..",
                        ROOT + ".cli..", ROOT + ".ops..", ROOT + ".store..", ROOT + ".connector..", ROOT + ".sandbox..",
                        ROOT + ".console..")
                .should().dependOnClassesThat().resideInAnyPackage(connectors)
                .because("runtime/ and cli/ find connectors with ServiceLoader; the sync core names no connector")
                .check(main);
    }

    @Test
    void noConnectorImportsAnother() {
        for (String a : connectorPackages) {
            for (String b : connectorPackages) {
                if (!topLevel(a).equals(topLevel(b))) {
                    noClasses().that().resideInAPackage(topLevel(a) + "..").should().dependOnClassesThat()
                            .resideInAPackage(topLevel(b) + "..").check(main);
                }
            }
        }
    }

    @Test
    void onlyTheCompositionRootAndBenchWireTheSandbox() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".sandbox..", ROOT + ".runtime..", ROOT + ".bench..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".sandbox..").check(main);
        noClasses().that().resideInAPackage(ROOT + ".runtime..").should().dependOnClassesThat()
                .resideInAPackage(ROOT + ".sandbox.(*)..")
                .because("the composition root uses the simulator kit, never one simulator").check(main);
        classes().that().resideInAPackage(ROOT + ".sandbox..").should().onlyDependOnClassesThat(outsideOfOursOr("sandbox"))
                .because("a simulator stands in for a vendor: it uses none of the bridge's code").check(main);
    }

    @Test
    void noMainSourceFileIsOver400Lines() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> big = files.filter(p -> p.toString().endsWith(".java")).filter(p -> lines(p) > 400)
                    .map(p -> p + " (" + lines(p) + " lines)").toList();
            assertThat(big).as("main source files over 400 lines").isEmpty();
        }
    }

    private static long lines(Path p) {
        try (Stream<String> l = Files.lines(p)) {
            return l.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Classes that are not ours, or in one of these top-level packages of ours. */
    private static DescribedPredicate<JavaClass> outsideOfOursOr(String... packages) {
        return DescribedPredicate.describe("outside io.contactsbridge or in " + String.join(", ", packages), c -> {
            String pkg = c.getPackageName();
            if (!pkg.startsWith(ROOT + ".")) {
                return !pkg.equals(ROOT);
            }
            for (String allowed : packages) {
                if (pkg.equals(ROOT + "." + allowed) || pkg.startsWith(ROOT + "." + allowed + ".")) {
                    return true;
                }
            }
            return false;
        });
    }

    /** {@code io.contactsbridge.contacts.webhook} -> {@code io.contactsbridge.contacts}. */
    private static String topLevel(String pkg) {
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return ROOT + "." + (dot < 0 ? rest : rest.substring(0, dot));
    }
}
