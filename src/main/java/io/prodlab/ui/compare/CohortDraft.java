package io.prodlab.ui.compare;

import io.prodlab.ui.common.FilterCheck;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** One cohort being built: its name and its filter; the first of the list is the baseline. */
public final class CohortDraft {
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final FilterCheck filter;
    private final ReadOnlyBooleanWrapper baseline = new ReadOnlyBooleanWrapper(this, "baseline");
    private final ReadOnlyStringWrapper role = new ReadOnlyStringWrapper(this, "role", "");

    CohortDraft(String name, FilterCheck filter) {
        this.name.set(name);
        this.filter = filter;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public String name() {
        return name.get() == null ? "" : name.get().strip();
    }

    public FilterCheck filter() {
        return filter;
    }

    /** True for the first cohort: every other is compared with it. */
    public ReadOnlyBooleanProperty baselineProperty() {
        return baseline.getReadOnlyProperty();
    }

    /** "Baseline" or "Candidate 2". */
    public ReadOnlyStringProperty roleProperty() {
        return role.getReadOnlyProperty();
    }

    void place(boolean isBaseline, String roleText) {
        baseline.set(isBaseline);
        role.set(roleText);
    }
}
