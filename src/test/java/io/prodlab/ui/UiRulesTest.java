package io.prodlab.ui;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The desktop app's own rules (STYLE.md, Views and Threading), each with its reason. */
class UiRulesTest {
    private static JavaClasses ui;

    @BeforeAll
    static void importClasses() {
        ui = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.prodlab.ui");
    }

    @Test
    void viewModelsDoNotTouchTheSceneGraph() {
        ArchRule rule = noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("view models hold state as properties and are tested with plain JUnit, without a toolkit");
        rule.check(ui);
    }

    @Test
    void onlyUiCommonHandsWorkToTheFxThread() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage("io.prodlab.ui.common..")
                .should().callMethod(javafx.application.Platform.class, "runLater", Runnable.class)
                .because("results reach the FX thread through BackgroundTask's handlers; a stray runLater "
                        + "is a second, untested way of doing it");
        rule.check(ui);
    }

    @Test
    void nobodyStartsThreadsOfTheirOwn() {
        ArchRule rule = noClasses()
                .should().callConstructorWhere(describe("a Thread constructor",
                        c -> c.getTarget().getOwner().isAssignableTo(Thread.class)))
                .because("all background work runs on the one app-wide executor, which serialises the "
                        + "workspace calls the not-thread-safe Workspace needs");
        rule.check(ui);
    }

    @Test
    void onlyTheTaskRunnerCreatesAnExecutor() {
        ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName("io.prodlab.ui.common.FxTaskRunner")
                .should().callMethodWhere(describe("an Executors factory",
                        c -> c.getTarget().getOwner().isEquivalentTo(Executors.class)
                                && c.getTarget().getName().startsWith("new")))
                .orShould().callConstructorWhere(describe("a ThreadPoolExecutor constructor",
                        c -> c.getTarget().getOwner().isAssignableTo(ThreadPoolExecutor.class)))
                .because("one app-wide executor: an ad-hoc pool would run workspace calls beside each other");
        rule.check(ui);
    }

    @Test
    void viewsDoNotCallTheWorkspace() {
        ArchRule rule = noClasses().that().haveSimpleNameEndingWith("View")
                .should().dependOnClassesThat().haveFullyQualifiedName("io.prodlab.store.Workspace")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.prodlab.store.ImportWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.prodlab.ingest.ImportService")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..")
                .because("views only lay out, bind and forward; the view model calls the services off the FX thread")
                .allowEmptyShould(true);
        rule.check(ui);
    }
}
