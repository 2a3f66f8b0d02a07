package org.attentionworkbench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture (README, "How it is built"), checked on the compiled main
 * classes with ArchUnit rather than by scanning source text: bytecode also sees fully qualified
 * names, static imports and types used without an import.

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
    void explainUsesTheJdkTextAndTaskOnly() {
        // Not the model package: models implement explain's AttentionClassifier (issue 12).
        classes().that().resideInAPackage(pkg("explain"))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", pkg("explain"), pkg("text"), pkg("task"))
                .check(main);
    }

    @Test
    void taskUsesTheJdkOnly() {
        // The one way to run background work, shared by explain, model, audit, session and ui.
        classes().that().resideInAPackage(pkg("task"))
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", pkg("task"))
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
     * Issue 12: explain and ui reach models through explain's AttentionClassifier (opened by
     * model.ModelLoader), never the concrete ND4J-backed class, so a model family can be added or
     * replaced by a pure-Java one in tests.
     */
    @Test
    void explainAndUiUseTheModelInterfaceNotTheConcreteModel() {
        noClasses().that().resideInAnyPackage(pkg("explain"), pkg("ui"), pkg("audit"))
                .should().dependOnClassesThat().haveFullyQualifiedName(BASE + ".model.AttentionModel")
                .because("issue 12: a model interface in explain, implemented by each model family")
                .check(main);
    }
}
