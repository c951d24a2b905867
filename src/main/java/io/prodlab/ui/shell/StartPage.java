package io.prodlab.ui.shell;

import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

import java.nio.file.Path;

/** What the window shows with no workspace open: New / Open / Open demo / Recent. */
final class StartPage extends VBox {
    static final String ID = "start-page";
    static final String ID_NEW = "start-new";
    static final String ID_OPEN = "start-open";
    static final String ID_DEMO = "start-demo";
    static final String ID_RECENT = "start-recent";

    private final MainViewModel vm;
    private final Messages m;
    private final VBox recentBox = new VBox();

    StartPage(MainViewModel vm, Messages messages, Runnable newAction, Runnable openAction) {
        this.vm = vm;
        this.m = messages;
        setId(ID);
        getStyleClass().add(Styles.START_PAGE);

        Label title = new Label(m.get("start.title"));
        title.getStyleClass().add(Styles.PAGE_TITLE);
        Label subtitle = new Label(m.get("start.subtitle"));
        subtitle.getStyleClass().add(Styles.PAGE_SUBTITLE);
        subtitle.setWrapText(true);

        Button create = new Button(m.get("start.new"), new FontIcon(MaterialDesignP.PLUS_BOX));
        create.setId(ID_NEW);
        create.getStyleClass().add(atlantafx.base.theme.Styles.ACCENT);
        create.setOnAction(e -> newAction.run());
        Button open = new Button(m.get("start.open"), new FontIcon(MaterialDesignF.FOLDER_OPEN));
        open.setId(ID_OPEN);
        open.setOnAction(e -> openAction.run());
        Button demo = new Button(m.get("start.demo"), new FontIcon(MaterialDesignD.DATABASE));
        demo.setId(ID_DEMO);
        demo.setOnAction(e -> vm.openDemo());
        Tooltip demoTip = new Tooltip();
        demoTip.textProperty().bind(javafx.beans.binding.Bindings.when(vm.demoBuiltProperty())
                .then(m.get("start.demo.built"))
                .otherwise(javafx.beans.binding.Bindings.when(vm.demoAvailableProperty())
                        .then(m.get("start.demo.build")).otherwise(m.get("start.demo.missing"))));
        demo.setTooltip(demoTip);
        create.disableProperty().bind(vm.session().busyProperty());
        open.disableProperty().bind(vm.session().busyProperty());
        demo.disableProperty().bind(vm.demoAvailableProperty().not().or(vm.session().busyProperty()));
        for (Button b : new Button[] {create, open, demo}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox actions = new HBox(create, open, demo);
        actions.getStyleClass().add(Styles.TOOLBAR);
        Label demoHint = new Label(m.get("start.demo.missing"));
        demoHint.getStyleClass().add(Styles.MUTED);
        demoHint.visibleProperty().bind(vm.demoAvailableProperty().not());
        demoHint.managedProperty().bind(demoHint.visibleProperty());

        Label recentTitle = new Label(m.get("start.recent"));
        recentTitle.getStyleClass().add(Styles.SECTION_TITLE);
        recentBox.setId(ID_RECENT);
        recentBox.getStyleClass().add(Styles.RECENT_LIST);
        vm.recent().addListener((ListChangeListener<Path>) c -> rebuildRecent());
        rebuildRecent();

        VBox card = new VBox(title, subtitle, actions, demoHint, recentTitle, recentBox);
        card.getStyleClass().add(Styles.START_CARD);
        getChildren().add(card);
    }

    MainViewModel viewModel() {
        return vm;
    }

    private void rebuildRecent() {
        recentBox.getChildren().clear();
        if (vm.recent().isEmpty()) {
            Label none = new Label(m.get("start.recent.empty"));
            none.getStyleClass().add(Styles.MUTED);
            recentBox.getChildren().add(none);
            return;
        }
        for (Path p : vm.recent()) {
            Path name = p.getFileName();
            Hyperlink link = new Hyperlink(name == null ? p.toString() : name.toString(),
                    new FontIcon(MaterialDesignD.DATABASE));
            link.setMnemonicParsing(false);
            link.setTooltip(new Tooltip(p.toString()));
            link.setOnAction(e -> vm.open(p));
            Label where = new Label(p.getParent() == null ? "" : p.getParent().toString());
            where.getStyleClass().add(Styles.MUTED);
            HBox row = new HBox(link, where);
            row.getStyleClass().add(Styles.TOOLBAR);
            recentBox.getChildren().add(row);
        }
    }
}
