package io.prodlab.testing;

import io.prodlab.cli.CommandExtension;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * A command for tests that runs out of heap for real: it asks for one array larger than the JVM's
 * maximum heap, which no garbage collection can make room for.
 */
@Command(name = "allocate-too-much")
public final class AllocateTooMuchCommand implements Callable<Integer>, CommandExtension {
    @Override
    public Integer call() {
        long[] tooBig = new long[(int) Math.min(Integer.MAX_VALUE - 16L, Runtime.getRuntime().maxMemory() / 8 + 1)];
        return tooBig.length > 0 ? 0 : 1;
    }
}
