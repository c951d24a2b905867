package io.prodlab.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** DESIGN.md's layer rules, each with the reason it exists. */
class LayerRulesTest {
    private static JavaClasses prodlab;

    @BeforeAll
    static void importClasses() {
        prodlab = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // The bench profile builds into target/bench/, whose test classes the predefined option misses.
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("io.prodlab");
    }

    @Test
    void onlyTheUiImportsJavaFx() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("io.prodlab.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the core must run headless, in the CLI, in CI and in reports; "
                        + "a JavaFX type below the UI would tie analysis code to a toolkit and its thread");
        rule.check(prodlab);
    }

    @Test
    void modelDependsOnNothingOfOursButModel() {
        ArchRule rule = classes().that().resideInAPackage("io.prodlab.model..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.prodlab..")
                        .or(resideInAPackage("io.prodlab.model..")))
                .because("records are shared by every layer: a record that reached into storage, import or UI "
                        + "code would drag that layer everywhere");
        rule.check(prodlab);
    }

    @Test
    void statsDependsOnNothingOfOursButModel() {
        ArchRule rule = classes().that().resideInAPackage("io.prodlab.stats..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.prodlab..")
                        .or(resideInAnyPackage("io.prodlab.model..", "io.prodlab.stats..")))
                .because("statistics are checked against reference values in isolation: pure functions on "
                        + "numbers and records")
                .allowEmptyShould(true);
        rule.check(prodlab);
    }

    @Test
    void statsTouchesNoDatabaseOrFiles() {
        ArchRule rule = noClasses().that().resideInAPackage("io.prodlab.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..", "java.nio.file..")
                .because("stats is pure: no DuckDB, no files — it works on numbers handed to it")
                .allowEmptyShould(true);
        rule.check(prodlab);
    }

    @Test
    void nothingBelowTheCliReachesUp() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("io.prodlab.ui..", "io.prodlab.cli..",
                        "io.prodlab.bench..")
                .and().doNotHaveFullyQualifiedName("io.prodlab.Launcher")
                .should().dependOnClassesThat().resideInAnyPackage("io.prodlab.cli..", "io.prodlab.ui..")
                .because("features talk through core services; the CLI and the UI are thin shells over them");
        rule.check(prodlab);
    }

    @Test
    void cliDoesNotDependOnUi() {
        ArchRule rule = noClasses().that().resideInAPackage("io.prodlab.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.prodlab.ui..", "javafx..")
                .because("the CLI runs where there is no display; it opens the GUI only through the GuiOpener "
                        + "that the launcher hands in");
        rule.check(prodlab);
    }

    @Test
    void sqlLivesInStore() {
        ArchRule rule = noClasses().that().resideOutsideOfPackages("io.prodlab.store..", "io.prodlab.query..",
                        "io.prodlab.bench..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..")
                .because("SQL lives in store (and in the SQL that query generates): one place knows the schema; "
                        + "the benchmark (only in the bench profile's build, src/bench) measures DuckDB itself as a "
                        + "baseline");
        rule.check(prodlab);
    }

    @Test
    void theProductDoesNotDependOnTheBenchmark() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.prodlab.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.prodlab.bench..")
                .because("the benchmark is not part of the product: the product jar is built without src/bench, "
                        + "and `prodlab bench` is found on the class path only in the benchmark build");
        rule.check(prodlab);
    }

    @Test
    void demoDependsOnNothingOfOurs() {
        ArchRule rule = classes().that().resideInAPackage("io.prodlab.demo..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.prodlab..")
                        .or(resideInAPackage("io.prodlab.demo..")))
                .because("the simulator writes OTLP files the way a real system's exporter would: it must not "
                        + "know Prodlab's model or importer, or the demo data would test the importer against itself");
        rule.check(prodlab);
    }

    @Test
    void errorDependsOnNothingOfOurs() {
        ArchRule rule = classes().that().resideInAPackage("io.prodlab.error..")
                .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.prodlab..")
                        .or(resideInAPackage("io.prodlab.error..")))
                .because("every layer's exceptions extend ProdlabException: if the error model depended on a "
                        + "layer, every layer would depend on it");
        rule.check(prodlab);
    }
}
