package io.prodlab.ui.common;

import io.prodlab.error.ErrorCode;
import io.prodlab.error.ProdlabException;
import io.prodlab.store.Version;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one dialog for failures nobody expected: a sentence, a copyable error code
 * ({@link ErrorCode}) and the technical details folded away; Copy copies the code, the version
 * and the stack trace. It is owned by the main window.
 * While one is showing, further failures are only logged, so a burst does not stack dialogs.
 */
public final class ErrorDialog implements ErrorReporter {
    private static final Logger LOG = Logger.getLogger(ErrorDialog.class.getName());

    public static final String ID = "error-dialog";
    public static final String ID_CODE = "error-code";
    public static final String ID_COPY = "error-copy";
    public static final String ID_DETAILS = "error-details";

    private final Supplier<Window> owner;
    private final Messages messages;
    private Alert showing;

    public ErrorDialog(Supplier<Window> owner, Messages messages) {
        this.owner = owner;
        this.messages = messages;
    }

    @Override
    public void unexpected(Throwable error) {
        String code = ErrorCode.of(error);
        LOG.log(Level.SEVERE, "Unexpected failure, error code " + code, error);
        FxTaskRunner.onFxThread(() -> show(error, code));
    }

    private void show(Throwable error, String code) {
        if (showing != null) {
            return;
        }
        Alert alert = new Alert(Alert.AlertType.ERROR);
        Window w = owner.get();
        if (w != null) {
            alert.initOwner(w);
        }
        alert.setTitle(messages.get("error.title"));
        alert.setHeaderText(messages.get("error.header"));
        alert.getDialogPane().setId(ID);
        alert.getDialogPane().getStyleClass().add(Styles.ERROR_DIALOG);
        alert.getDialogPane().getStylesheets().add(
                ErrorDialog.class.getResource(Styles.STYLESHEET).toExternalForm());

        Label what = new Label(describe(error));
        what.setWrapText(true);
        Label codeLabel = new Label(messages.get("error.code"));
        TextField codeField = new TextField(code);
        codeField.setId(ID_CODE);
        codeField.setEditable(false);
        codeField.getStyleClass().add(Styles.ERROR_CODE);
        codeLabel.setLabelFor(codeField);
        Button copy = new Button(messages.get("error.copy"), new FontIcon(MaterialDesignC.CONTENT_COPY));
        copy.setId(ID_COPY);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(report(error, code));
            Clipboard.getSystemClipboard().setContent(content);
        });
        HBox codeRow = new HBox(codeLabel, codeField, copy);
        codeRow.getStyleClass().add(Styles.TOOLBAR);
        HBox.setHgrow(codeField, Priority.ALWAYS);
        Label hint = new Label(messages.get("error.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.MUTED);
        VBox content = new VBox(what, codeRow, hint);
        content.getStyleClass().add(Styles.PAGE);
        alert.getDialogPane().setContent(content);

        TextArea details = new TextArea(stackTrace(error));
        details.setId(ID_DETAILS);
        details.setEditable(false);
        details.setPrefRowCount(14);
        details.setPrefColumnCount(80);
        alert.getDialogPane().setExpandableContent(details);
        alert.getDialogPane().setExpanded(false);

        showing = alert;
        alert.setOnHidden(e -> showing = null);
        alert.show();
    }

    /** The user message where the failure is one of ours and carries one, else a generic sentence. */
    private String describe(Throwable error) {
        if (error instanceof ProdlabException p && p.getMessage() != null && !p.getMessage().isBlank()) {
            return p.getMessage();
        }
        return messages.get("error.unexpected");
    }

    /**
     * What Copy puts on the clipboard: everything a bug report needs — the code, the Prodlab version
     * and the stack trace.
     */
    String report(Throwable error, String code) {
        return messages.format("error.report", code, Version.current(), System.getProperty("java.version"),
                System.getProperty("os.name"), stackTrace(error));
    }

    private static String stackTrace(Throwable error) {
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
