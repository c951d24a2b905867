package io.prodlab.ui.common;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

import java.util.Map;

/**
 * The session time range's picker: the presets (whole data, last 5/15/60 minutes of the data, custom)
 * and, for a custom range, from/to fields with Apply (Enter applies too). Bound to one
 * {@link TimeRangeModel}, so every view that shows a picker shows the same range.
 */
public final class TimeRangePicker extends HBox {
    public static final String ID_PRESET = "time-range-preset";
    public static final String ID_FROM = "time-range-from";
    public static final String ID_TO = "time-range-to";
    public static final String ID_APPLY = "time-range-apply";
    public static final String ID_ERROR = "time-range-error";

    private final HBox custom;

    public TimeRangePicker(TimeRangeModel model, Messages m) {
        getStyleClass().add(Styles.TIME_RANGE_PICKER);
        Map<TimeRange.Preset, String> names = Map.of(
                TimeRange.Preset.WHOLE, m.get("time.preset.whole"),
                TimeRange.Preset.LAST_5_MIN, m.get("time.preset.last5"),
                TimeRange.Preset.LAST_15_MIN, m.get("time.preset.last15"),
                TimeRange.Preset.LAST_60_MIN, m.get("time.preset.last60"),
                TimeRange.Preset.CUSTOM, m.get("time.preset.custom"));
        ComboBox<TimeRange.Preset> preset = new ComboBox<>();
        preset.setId(ID_PRESET);
        preset.getItems().setAll(TimeRange.Preset.values());
        preset.setConverter(new StringConverter<>() {
            @Override
            public String toString(TimeRange.Preset p) {
                return p == null ? "" : names.get(p);
            }

            @Override
            public TimeRange.Preset fromString(String s) {
                return names.entrySet().stream().filter(e -> e.getValue().equals(s)).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
            }
        });
        preset.valueProperty().bindBidirectional(model.presetProperty());
        preset.setTooltip(new Tooltip(m.get("time.preset.tooltip")));
        preset.setMinWidth(Region.USE_PREF_SIZE);
        Label label = new Label(m.get("time.label"), new FontIcon(MaterialDesignC.CLOCK_OUTLINE));
        label.setLabelFor(preset);
        label.setMinWidth(Region.USE_PREF_SIZE);

        TextField from = field(ID_FROM, model.customFromProperty(), m);
        TextField to = field(ID_TO, model.customToProperty(), m);
        Button apply = new Button(m.get("time.custom.apply"));
        apply.setId(ID_APPLY);
        apply.setOnAction(e -> model.applyCustom());
        apply.setMinWidth(Region.USE_PREF_SIZE);
        from.setOnAction(e -> model.applyCustom());
        to.setOnAction(e -> model.applyCustom());
        Label error = new Label();
        error.setId(ID_ERROR);
        error.getStyleClass().add(Styles.FIELD_ERROR);
        error.textProperty().bind(model.customErrorProperty());
        error.visibleProperty().bind(model.customErrorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        error.setWrapText(true);
        Tooltip errorTip = new Tooltip();
        errorTip.textProperty().bind(model.customErrorProperty());
        error.setTooltip(errorTip);

        Label fromLabel = new Label(m.get("time.custom.from"));
        fromLabel.setLabelFor(from);
        fromLabel.setMinWidth(Region.USE_PREF_SIZE);
        Label toLabel = new Label(m.get("time.custom.to"));
        toLabel.setLabelFor(to);
        toLabel.setMinWidth(Region.USE_PREF_SIZE);
        custom = new HBox(fromLabel, from, toLabel, to, apply, error);
        custom.getStyleClass().add(Styles.TIME_RANGE_PICKER);
        custom.visibleProperty().bind(model.presetProperty().isEqualTo(TimeRange.Preset.CUSTOM));
        custom.managedProperty().bind(custom.visibleProperty());
        getChildren().addAll(label, preset);
    }

    /**
     * The custom range's fields (from, to, Apply, the error), shown only while the preset is Custom;
     * the view places them (a row of their own under a narrow toolbar).
     */
    public HBox customFields() {
        return custom;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty text, Messages m) {
        TextField f = new TextField();
        f.setId(id);
        f.textProperty().bindBidirectional(text);
        f.setPromptText(m.get("time.custom.prompt"));
        f.setTooltip(new Tooltip(m.get("time.custom.tooltip")));
        f.setPrefColumnCount(13);
        f.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                f.getParent().requestFocus();
            }
        });
        return f;
    }
}
