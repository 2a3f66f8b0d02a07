package org.attentionworkbench.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Spark stays in its room (issue 20): only the {@code spark} package, compiled by the spark profile
 * alone, names Spark, Scala or Parquet, so the desktop application and the plain command line
 * (every other package) run without them; they reach the engine through {@code audit.AuditEngine}.
 */
class SparkBoundaryTest {

    @Test
    void onlyTheSparkPackageNamesSparkScalaOrParquet() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.attentionworkbench");
        noClasses().that().resideOutsideOfPackage("org.attentionworkbench.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.parquet..")
                .check(classes);
        noClasses().that().resideInAnyPackage("org.attentionworkbench.audit..", "org.attentionworkbench.cli..",
                        "org.attentionworkbench.model..", "org.attentionworkbench.ui..")
                .should().dependOnClassesThat().resideInAPackage("org.attentionworkbench.spark..")
                .check(classes);
    }
}
