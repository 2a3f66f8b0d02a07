package org.attentionworkbench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.freeze.FreezingArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture (README, "How it is built"), checked on the compiled main
 * classes with ArchUnit rather than by scanning source text: bytecode also sees fully qualified
 * names, static imports and types used without an import.
 *
 * <p>Frozen rules ({@link FreezingArchRule}) state where the code is going and tolerate, for now,
 * exactly the violations recorded in {@code src/test/resources/archunit_store}: a new violation
 * fails, a fixed one is dropped from the store (so the rule tightens as the refactor of issue 12
 * lands). See the store's README for how to update it.
 */
class ArchitectureTest {

    private static final String BASE = "org.attentionworkbench";
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    private static String pkg(String name) {
        return BASE + "." + name + "..";
    }

    @Test
    void textUsesTheJdkOnly() {
        classes().that().resideInAPackage(pkg("text"))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", pkg("text"))
                .check(main);
    }

    @Test
    void dataUsesTextAndItsLibrariesOnly() {
        // Jackson (manifests, the shared Json setup) and Commons Compress (dataset archives).
        classes().that().resideInAPackage(pkg("data"))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", pkg("text"), pkg("data"),
                        "com.fasterxml.jackson..", "org.apache.commons.compress..")
                .check(main);
    }

    @Test
    void onlyModelUsesDl4jAndNd4j() {
        noClasses().that().resideOutsideOfPackage(pkg("model"))
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
                .check(main);
    }

    @Test
    void onlyUiUsesJavaFx() {
        // JavaFX, and the libraries built on it: ControlsFX, JFreeChart-FX, FXGraphics2D (org.jfree.fx).
        noClasses().that().resideOutsideOfPackage(pkg("ui"))
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..",
                        "org.jfree.chart.fx..", "org.jfree.fx..", "com.sun.javafx..")
                .check(main);
    }

    @Test
    void explainUsesTheJdkTextAndModelOnly() {
        classes().that().resideInAPackage(pkg("explain"))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", pkg("explain"), pkg("text"), pkg("model"))
                .check(main);
    }

    @Test
    void cliIsOnTop() {
        noClasses().that().resideOutsideOfPackage(pkg("cli"))
                .should().dependOnClassesThat().resideInAPackage(pkg("cli"))
                .check(main);
    }

    @Test
    void coreKnowsNothingOfTheWindowOrTheCommandLine() {
        noClasses().that().resideInAnyPackage(pkg("text"), pkg("data"), pkg("model"), pkg("explain"), pkg("audit"),
                        pkg("session"), pkg("figures"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("ui"), pkg("cli"))
                .check(main);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(main);
    }

    /**
     * Issue 12: explain and ui reach models through an interface in explain, not the concrete
     * ND4J-backed class; the known uses are frozen until the model interface lands.
     */
    @Test
    void explainAndUiUseTheModelInterfaceNotTheConcreteModel() {
        ArchRule rule = noClasses().that().resideInAnyPackage(pkg("explain"), pkg("ui"))
                .should().dependOnClassesThat().haveFullyQualifiedName(BASE + ".model.AttentionModel")
                .because("issue 12: a model interface in explain, implemented by each model family");
        FreezingArchRule.freeze(rule).check(main);
    }
}
