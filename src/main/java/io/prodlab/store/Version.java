package io.prodlab.store;

/** The running Prodlab's version, as the jar manifest (or a development build) says. */
public final class Version {
    private Version() {
    }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
