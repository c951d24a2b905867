package io.prodlab.ui.common;

/** Takes failures nobody expected: the application shows them in its error dialog. */
@FunctionalInterface
public interface ErrorReporter {
    void unexpected(Throwable error);
}
