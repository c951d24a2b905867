package io.prodlab.ui.shell;

import io.prodlab.ui.common.Messages;
import io.prodlab.ui.common.Styles;
import io.prodlab.ui.common.Theme;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The user guide (F1, Help → User guide): {@code docs/user-guide-desktop.md} as bundled in the jar,
 * shown offline in a window of its own. The Markdown is the small subset the guide uses — headings,
 * paragraphs, lists, tables, {@code **bold**}, {@code *italic*} and {@code `code`}.
 */
final class HelpWindow {
    static final String ID = "help-window";
    /** The bundled copy of docs/user-guide-desktop.md (a test keeps the two the same). */
    static final String GUIDE = "/io/prodlab/ui/help/user-guide-desktop.md";

    private final Window owner;
    private final Messages m;
    private Stage stage;
    private Theme theme = Theme.LIGHT;

    HelpWindow(Window owner, Messages messages) {
        this.owner = owner;
        this.m = messages;
    }

    void show() {
        if (stage == null) {
            stage = new Stage();
            stage.initOwner(owner);
            stage.setTitle(m.get("help.title"));
            VBox content = render(guideText());
            content.setId(ID);
            content.getStyleClass().add(Styles.HELP);
            ScrollPane scroll = new ScrollPane(content);
            scroll.setFitToWidth(true);
            Scene scene = new Scene(scroll, 820, 700);
            scene.getStylesheets().add(HelpWindow.class.getResource(Styles.STYLESHEET).toExternalForm());
            scene.setOnKeyPressed(e -> {
                if (e.getCode() == KeyCode.ESCAPE) {
                    stage.hide();
                }
            });
            stage.setScene(scene);
            applyTheme(theme);
        }
        stage.show();
        stage.toFront();
    }

    void applyTheme(Theme t) {
        this.theme = t;
        if (stage != null) {
            // The Primer stylesheet is the application's; the dark class switches Prodlab's tokens.
            Styles.toggle(stage.getScene().getRoot(), Styles.THEME_DARK, t == Theme.DARK);
        }
    }

    static String guideText() {
        try (InputStream in = HelpWindow.class.getResourceAsStream(GUIDE)) {
            if (in == null) {
                throw new IllegalStateException("the user guide is missing from the build: " + GUIDE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns the guide's Markdown into nodes, block by block. */
    static VBox render(String markdown) {
        VBox box = new VBox();
        List<String> lines = markdown.lines().toList();
        List<String> paragraph = new ArrayList<>();
        List<String[]> table = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            boolean tableLine = line.startsWith("|");
            if (!tableLine && !table.isEmpty()) {
                box.getChildren().add(table(table));
                table.clear();
            }
            boolean listItem = line.startsWith("- ") || line.matches("\\d+\\. .*");
            boolean continuation = !line.isEmpty() && raw.startsWith("  ") && !paragraph.isEmpty();
            if (line.isEmpty() || line.startsWith("#") || tableLine || (listItem && !continuation)) {
                flush(box, paragraph);
            }
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                int level = (int) line.chars().takeWhile(c -> c == '#').count();
                Node h = inline(line.substring(level).strip());
                h.getStyleClass().add(level == 1 ? Styles.PAGE_TITLE : Styles.SECTION_TITLE);
                box.getChildren().add(h);
            } else if (tableLine) {
                if (!line.matches("\\|[-| :]+\\|?")) {
                    String inner = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length());
                    table.add(inner.split("\\|", -1));
                }
            } else {
                paragraph.add(line);
            }
        }
        flush(box, paragraph);
        if (!table.isEmpty()) {
            box.getChildren().add(table(table));
        }
        return box;
    }

    private static void flush(VBox box, List<String> paragraph) {
        if (paragraph.isEmpty()) {
            return;
        }
        String text = String.join(" ", paragraph);
        paragraph.clear();
        if (text.startsWith("- ")) {
            text = "\u2022 " + text.substring(2);
        }
        box.getChildren().add(inline(text));
    }

    private static GridPane table(List<String[]> rows) {
        GridPane grid = new GridPane();
        grid.getStyleClass().add(Styles.HELP_TABLE);
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        for (int c = 0; c < columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setHgrow(c == columns - 1 ? Priority.ALWAYS : Priority.SOMETIMES);
            grid.getColumnConstraints().add(cc);
        }
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            for (int c = 0; c < row.length; c++) {
                TextFlow cell = inline(row[c].strip());
                if (r == 0) {
                    cell.getStyleClass().add(Styles.SECTION_TITLE);
                }
                grid.add(cell, c, r);
            }
        }
        return grid;
    }

    /** A line with {@code **bold**}, {@code *italic*} and {@code `code`} spans. */
    static TextFlow inline(String text) {
        TextFlow flow = new TextFlow();
        int i = 0;
        StringBuilder plain = new StringBuilder();
        while (i < text.length()) {
            if (text.startsWith("**", i) && text.indexOf("**", i + 2) > 0) {
                int end = text.indexOf("**", i + 2);
                addText(flow, plain);
                flow.getChildren().add(styled(text.substring(i + 2, end), Styles.HELP_BOLD));
                i = end + 2;
            } else if (text.charAt(i) == '*' && text.indexOf('*', i + 1) > i + 1) {
                int end = text.indexOf('*', i + 1);
                addText(flow, plain);
                flow.getChildren().add(styled(text.substring(i + 1, end), Styles.HELP_ITALIC));
                i = end + 1;
            } else if (text.charAt(i) == '`' && text.indexOf('`', i + 1) > 0) {
                int end = text.indexOf('`', i + 1);
                addText(flow, plain);
                flow.getChildren().add(styled(text.substring(i + 1, end), Styles.HELP_CODE));
                i = end + 1;
            } else {
                plain.append(text.charAt(i));
                i++;
            }
        }
        addText(flow, plain);
        return flow;
    }

    private static void addText(TextFlow flow, StringBuilder plain) {
        if (!plain.isEmpty()) {
            flow.getChildren().add(styled(plain.toString(), Styles.HELP_TEXT));
            plain.setLength(0);
        }
    }

    private static Text styled(String s, String styleClass) {
        Text t = new Text(s);
        t.getStyleClass().add(styleClass);
        return t;
    }

    /** For tests: the whole text the window shows, without styling. */
    static String plainText(Node node) {
        StringBuilder sb = new StringBuilder();
        collect(node, sb);
        return sb.toString();
    }

    private static void collect(Node node, StringBuilder sb) {
        if (node instanceof Text t) {
            sb.append(t.getText());
        } else if (node instanceof Label l) {
            sb.append(l.getText());
        } else if (node instanceof javafx.scene.Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, sb);
            }
            sb.append('\n');
        }
    }
}
