package io.prodlab.ui.traces;

import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Map;

/** The Traces screen: Search, Trace and Compare tabs bound to {@link TracesViewModel}. */
public final class TracesView extends VBox {
    public static final String ID = "traces-view";
    public static final String ID_TABS = "traces-tabs";
    public static final String ID_TAB_SEARCH = "traces-tab-search";
    public static final String ID_TAB_TRACE = "traces-tab-trace";
    public static final String ID_TAB_COMPARE = "traces-tab-compare";

    private final TracesViewModel vm;
    private final TraceSearchView search;

    public TracesView(TracesViewModel vm, Messages m) {
        this.vm = vm;
        setId(ID);
        getStyleClass().add(Styles.PAGE);
        Label title = new Label(m.get("traces.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("traces.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);
        subtitle.setMinHeight(Region.USE_PREF_SIZE);
        VBox header = new VBox(title, subtitle);
        header.getStyleClass().add(Styles.PAGE_HEADER);

        search = new TraceSearchView(vm, m);
        Tab searchTab = tab(ID_TAB_SEARCH, m.get("traces.tab.search"), search);
        Tab traceTab = tab(ID_TAB_TRACE, m.get("traces.tab.trace"), new WaterfallView(vm.trace(), m));
        Tab compareTab = tab(ID_TAB_COMPARE, m.get("traces.tab.compare"), new TraceCompareView(vm.compare(), m));
        TabPane tabs = new TabPane(searchTab, traceTab, compareTab);
        tabs.setId(ID_TABS);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Map<TracesViewModel.Tab, Tab> byTab = Map.of(TracesViewModel.Tab.SEARCH, searchTab,
                TracesViewModel.Tab.TRACE, traceTab, TracesViewModel.Tab.COMPARE, compareTab);
        tabs.getSelectionModel().select(byTab.get(vm.tabProperty().get()));
        vm.tabProperty().addListener((obs, o, t) -> tabs.getSelectionModel().select(byTab.get(t)));
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, o, t) -> byTab.forEach((k, v) -> {
            if (v == t) {
                vm.tabProperty().set(k);
            }
        }));
        VBox.setVgrow(tabs, Priority.ALWAYS);
        getChildren().addAll(header, tabs);
    }

    private static Tab tab(String id, String text, javafx.scene.Node content) {
        Tab t = new Tab(text, content);
        t.setId(id);
        content.getStyleClass().add(Styles.TRACE_TAB_CONTENT);
        return t;
    }

    public TracesViewModel viewModel() {
        return vm;
    }

    /** Ctrl+F: the search tab's filter. */
    public void focusFilter() {
        vm.tabProperty().set(TracesViewModel.Tab.SEARCH);
        search.focusFilter();
    }
}
