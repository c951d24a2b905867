package io.prodlab.ui;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.prodlab.ui.common.BackgroundTask;
import io.prodlab.ui.common.BusyState;
import io.prodlab.ui.common.FxTaskRunner;
import io.prodlab.ui.common.StatusBarModel;
import io.prodlab.ui.imports.ImportViewModel;
import io.prodlab.ui.services.ServicesView;
import io.prodlab.ui.shell.MainViewModel;
import io.prodlab.ui.shell.MainWindow;
import javafx.beans.Observable;
import javafx.scene.Node;
import javafx.scene.Scene;

import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The desktop app's own rules (STYLE.md, Views and Threading), each with its reason. */
class UiRulesTest {
    private static JavaClasses ui;

    @BeforeAll
    static void importClasses() {
        ui = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.prodlab.ui");
    }

    /** A view: a piece of the scene graph, or a class that builds a window's scene. */
    static final DescribedPredicate<JavaClass> VIEWS = describe("views (Nodes, and classes that build a Scene)",
            c -> c.isAssignableTo(Node.class) || c.getConstructorCallsFromSelf().stream()
                    .anyMatch(call -> call.getTargetOwner().isAssignableTo(Scene.class)));

    /** A view model: publishes observable state (a public method returns a JavaFX Observable) and is no Node. */
    static final DescribedPredicate<JavaClass> VIEW_MODELS = describe(
            "view models (classes that publish JavaFX observables and are no Node)",
            c -> !c.isAssignableTo(Node.class) && c.getMethods().stream().anyMatch(m ->
                    m.getModifiers().contains(JavaModifier.PUBLIC)
                            && m.getRawReturnType().isAssignableTo(Observable.class)));

    @Test
    void theRulesRecogniseTheScreensTheyAreAbout() {
        // Keyed on types, the rules must still find today's screens (else they would check nothing).
        assertTrue(VIEW_MODELS.test(ui.get(ImportViewModel.class)));
        assertTrue(VIEW_MODELS.test(ui.get(MainViewModel.class)));
        assertTrue(VIEWS.test(ui.get(ServicesView.class)));
        assertTrue(VIEWS.test(ui.get(MainWindow.class)));
        assertFalse(VIEW_MODELS.test(ui.get(ServicesView.class)), "a view is not a view model");
    }

    @Test
    void viewModelsDoNotTouchTheSceneGraph() {
        ArchRule rule = noClasses().that(VIEW_MODELS)
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .because("view models hold state as properties and are tested with plain JUnit, without a toolkit");
        rule.check(ui);
    }

    @Test
    void onlyTheTaskRunnerPutsTasksInTheStatusBar() {
        ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName(FxTaskRunner.class.getName())
                .should().callMethodWhere(describe("a StatusBarModel task method",
                        c -> c.getTarget().getOwner().isEquivalentTo(StatusBarModel.class)
                                && Set.of("taskStarted", "taskProgress", "taskFinished")
                                .contains(c.getTarget().getName())))
                .because("a titled BackgroundTask shows in the status bar by itself; a view model that drives "
                        + "the status bar by hand would be a second way that forgets to clear it on failure");
        rule.check(ui);
    }

    @Test
    void onlyBackgroundTasksHoldTheBusyState() {
        ArchRule rule = noClasses().that().doNotHaveFullyQualifiedName(BackgroundTask.class.getName())
                .should().callMethodWhere(describe("BusyState.enter/exit",
                        c -> c.getTarget().getOwner().isEquivalentTo(BusyState.class)
                                && !c.getTarget().getName().startsWith("busy")
                                && !c.getTarget().getName().startsWith("is")))
                .because("the busy state is held for exactly as long as a job runs; set by hand it would stay "
                        + "on after a failure");
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
        ArchRule rule = noClasses().that(VIEWS)
                .should().dependOnClassesThat().haveFullyQualifiedName("io.prodlab.store.Workspace")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.prodlab.store.ImportWriter")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.prodlab.ingest.ImportService")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.duckdb..")
                .because("views only lay out, bind and forward; the view model calls the services off the FX thread");
        rule.check(ui);
    }
}
