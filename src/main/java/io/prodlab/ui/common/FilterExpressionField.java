package io.prodlab.ui.common;

import javafx.animation.PauseTransition;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * A text field for an expression of the filter language that checks it as you type: a pause of
 * {@link #DEBOUNCE} in typing asks its {@link FilterCheck} for a check (parsed and counted off the UI
 * thread), and the line under the field shows the error with its column, the warnings, or the number
 * of matching spans. The field's id is {@code id}; the input's is {@code id + "-input"}, the status
 * line's {@code id + "-status"}, the warning line's {@code id + "-warning"}.
 */
public final class FilterExpressionField extends VBox {
    /** How long typing must pause before the text is checked. */
    public static final Duration DEBOUNCE = Duration.millis(250);

    private final FilterCheck check;
    private final TextField input = new TextField();
    private final Label status = new Label();
    private final Label warning = new Label();

    public FilterExpressionField(String id, FilterCheck check, Messages messages) {
        this.check = check;
        assignId(id);
        getStyleClass().add(Styles.FILTER_EXPRESSION);
        input.getStyleClass().add(Styles.FILTER_INPUT);
        input.setPromptText(messages.get("filter.prompt"));
        input.setTooltip(new Tooltip(messages.get("filter.help")));
        input.textProperty().bindBidirectional(check.textProperty());
        status.getStyleClass().add(Styles.FILTER_STATUS);
        status.textProperty().bind(check.messageProperty());
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        warning.getStyleClass().addAll(Styles.FILTER_STATUS, Styles.FILTER_WARNING);
        warning.textProperty().bind(check.warningProperty());
        warning.setWrapText(true);
        warning.setMinHeight(Region.USE_PREF_SIZE);
        warning.visibleProperty().bind(check.warningProperty().isNotEmpty());
        warning.managedProperty().bind(warning.visibleProperty());
        getChildren().addAll(input, status, warning);

        PauseTransition pause = new PauseTransition(DEBOUNCE);
        pause.setOnFinished(e -> check.check());
        input.textProperty().addListener((obs, old, now) -> pause.playFromStart());
        check.stateProperty().addListener((obs, old, now) -> showState(now));
        showState(check.stateProperty().get());
    }

    /** Gives the field and its parts their ids (a list that renumbers its fields calls it again). */
    public void assignId(String id) {
        setId(id);
        input.setId(inputId(id));
        status.setId(statusId(id));
        warning.setId(id + "-warning");
    }

    public static String statusId(String id) {
        return id + "-status";
    }

    public static String inputId(String id) {
        return id + "-input";
    }

    private void showState(FilterCheck.State s) {
        boolean invalid = s == FilterCheck.State.INVALID;
        Styles.toggle(input, Styles.FILTER_INVALID, invalid);
        Styles.toggle(status, Styles.FILTER_ERROR, invalid);
        Styles.toggle(status, Styles.MUTED, !invalid);
    }

    public TextField input() {
        return input;
    }

    public FilterCheck check() {
        return check;
    }

    /** Puts the cursor in the field; on an error, at the column it names. */
    public void focusInput() {
        input.requestFocus();
        int column = check.errorColumnProperty().get();
        if (column > 0) {
            input.positionCaret(Math.min(column - 1, input.getLength()));
        }
    }
}
