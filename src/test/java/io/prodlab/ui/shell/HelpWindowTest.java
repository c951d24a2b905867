package io.prodlab.ui.shell;

import io.prodlab.ui.common.Styles;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpWindowTest {
    @Test
    void theBundledGuideIsTheOneInDocs() throws Exception {
        // F1 shows the copy in the jar (offline); docs/ is what people edit. Copy it over when this fails.
        assertEquals(Files.readString(Path.of("docs/user-guide-desktop.md")), HelpWindow.guideText(),
                "cp docs/user-guide-desktop.md src/main/resources/io/prodlab/ui/help/");
    }

    @Test
    void theGuidesMarkdownBecomesHeadingsParagraphsTablesAndStyledSpans() {
        VBox box = HelpWindow.render("""
                # Title

                Some **bold**, *slanted* and `code` text
                that goes on.

                | key | does |
                |---|---|
                | F1 | help |
                - an item
                """);
        assertEquals(4, box.getChildren().size(), "heading, paragraph, table, list item");
        assertTrue(box.getChildren().get(0).getStyleClass().contains(Styles.PAGE_TITLE));
        assertEquals("Some bold, slanted and code text that goes on.\n",
                HelpWindow.plainText(box.getChildren().get(1)));
        TextFlow paragraph = (TextFlow) box.getChildren().get(1);
        assertEquals(List.of(Styles.HELP_TEXT, Styles.HELP_BOLD, Styles.HELP_TEXT, Styles.HELP_ITALIC,
                        Styles.HELP_TEXT, Styles.HELP_CODE, Styles.HELP_TEXT),
                paragraph.getChildren().stream().map(n -> n.getStyleClass().get(0)).toList());
        GridPane table = (GridPane) box.getChildren().get(2);
        assertEquals(4, table.getChildren().size(), "two rows of two cells, the --- line dropped");
        assertEquals("\u2022 an item\n", HelpWindow.plainText(box.getChildren().get(3)));
    }
}
