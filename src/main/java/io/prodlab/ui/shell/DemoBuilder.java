package io.prodlab.ui.shell;

import java.util.function.BooleanSupplier;

/**
 * Builds the demo workspace from the bundled sample data (the core's {@code DemoWorkspaceService};
 * tests hand in their own), so the start page can offer the demo before {@code prodlab demo} ran.
 */
public interface DemoBuilder {
    /** Whether there is sample data to build it from. */
    boolean canBuild();

    /**
     * Builds (or brings up to date) the demo workspace; a cancelled build leaves it as it was.
     *
     * @return how many spans it holds
     */
    long build(BooleanSupplier cancelled) throws Exception;
}
