package io.prodlab.ui.traces;

import io.prodlab.ui.common.Styles;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;

/** The small controls the three tabs share: an inline problem line and a busy spinner. */
final class TraceControls {
    private TraceControls() {
    }

    /** A red line that shows {@code text} and takes no room while it is empty. */
    static Label problem(String id, ObservableStringValue text) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(Styles.STATUS_ERROR);
        l.setWrapText(true);
        l.textProperty().bind(text);
        l.visibleProperty().bind(Bindings.isNotEmpty(text));
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** A small spinner shown while {@code busy}. */
    static ProgressIndicator spinner(ObservableBooleanValue busy) {
        ProgressIndicator p = new ProgressIndicator();
        p.getStyleClass().add(Styles.LOADING);
        p.visibleProperty().bind(busy);
        p.managedProperty().bind(p.visibleProperty());
        return p;
    }
}
