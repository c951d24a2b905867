package io.prodlab.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tells, from the start of a file, whether it looks like a trace export Prodlab reads — so that
 * a caller holding a file the user picked for another purpose (File → Open expects a workspace)
 * can offer to import it instead of failing. It reads the file the way the importer does (gzip
 * recognised by its magic bytes, JSON lines or one document; {@link TraceInput}) and looks for an
 * OTLP {@code resourceSpans} member (also inside Jaeger's {@code result} wrapper) in the first
 * {@link TraceInput#PEEK} bytes, or asks the other readers ({@link TraceReaders}) whether they
 * recognise that start (Jaeger JSON). A yes is a good guess, not a promise that the import succeeds.
 *
 * <p>{@link #recognise} is the import's first step as a user sees it: before anything is written, what
 * each file is (its format, or why it would be refused), how a CSV's columns map and how its times are
 * read, and which fault definitions carry no time — so that the user confirms what was guessed and gives
 * what is missing ({@link ImportHints}).
 */
public final class ExportProbe {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ExportProbe() {
    }

    /** Whether {@code file} looks like a trace export; false for anything unreadable. */
    public static boolean looksLikeExport(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (TraceInput in = TraceInput.open(file, false, FACTORY, file.toString());
             JsonParser p = FACTORY.createParser(in.data)) {
            return TraceReaders.recognising(in.peek) != null || hasResourceSpans(p);
        } catch (IOException | ImportException | RuntimeException e) {
            return false;
        }
    }

    /**
     * What one file is, before it is imported.
     *
     * @param path the file as the import names it
     * @param format the format its readers take it as ({@code csv}, {@code chaos-mesh}, ...), {@code zip} for
     *               an archive as a whole (from {@link #recognise(Path, ImportHints.ForFile)}, or one the list's
     *               recognition cannot look into: its problem says why), or {@code unknown}
     * @param problem why the import would refuse it (the refusal's sentence), or empty
     * @param csv how a CSV's columns are read, with the hints applied; null for other formats
     * @param untimedFaults the fault definitions that carry no time ({@code PodChaos "pod-kill"}): without a
     *                      window from the user they are rejected, and a file of nothing else is refused
     * @param archive for a file inside a zip archive ({@code path} is then {@code archive.zip!/entry}), the
     *                archive, which is what is imported; null for a file of its own
     */
    public record Recognition(String path, String format, String problem, CsvMapping csv, List<String> untimedFaults,
                              Path archive) {
        public Recognition {
            untimedFaults = List.copyOf(untimedFaults);
        }

        Recognition(String path, String format, String problem, CsvMapping csv, List<String> untimedFaults) {
            this(path, format, problem, csv, untimedFaults, null);
        }

        /** What to hand the import for this file: the archive it is in, else the file. */
        public Path importPath() {
            return archive != null ? archive : Path.of(path);
        }

        /** Whether the user should look before the file is imported: a CSV mapping not certain, a fault without time. */
        public boolean needsConfirmation() {
            return problem.isEmpty() && (csv != null && !csv.certain() || !untimedFaults.isEmpty());
        }
    }

    /**
     * Recognises each file as the import would (folders walked in name order), with {@code hints} applied;
     * reads at most a file's first {@link TraceInput#PEEK} bytes (a Chaos Mesh file whole). Never throws
     * for a file: what is wrong with it is its {@code problem}.
     */
    public static List<Recognition> recognise(List<Path> paths, ImportHints hints) {
        List<Recognition> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).sorted(Comparator.comparing(Path::toString))
                            .forEach(f -> out.addAll(recogniseFileOrArchive(f, hints)));
                } catch (IOException | UncheckedIOException e) {
                    out.add(new Recognition(p.toString(), "unknown", p + ": the folder cannot be read.", null, List.of()));
                }
            } else {
                out.addAll(recogniseFileOrArchive(p, hints));
            }
        }
        return out;
    }

    /** A file's recognition, or each file's of a zip archive (as the import names them, {@code archive.zip!/entry}). */
    private static List<Recognition> recogniseFileOrArchive(Path file, ImportHints hints) {
        if (!Files.isRegularFile(file) || !ImportService.isZip(file)) {
            return List.of(recognise(file, hints.forFile(file.toString())));
        }
        String display = file.toString();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
            List<java.util.zip.ZipEntry> entries = ImportService.filesOf(z);
            if (entries == null) {
                return List.of(new Recognition(display, "zip", display + ": the zip archive holds more than "
                        + ImportService.MAX_ZIP_ENTRIES + " files, more than Prodlab imports from one archive.", null,
                        List.of()));
            }
            if (entries.isEmpty()) {
                return List.of(new Recognition(display, "zip", display + ": the zip archive holds no files.", null,
                        List.of()));
            }
            List<Recognition> out = new ArrayList<>();
            for (java.util.zip.ZipEntry entry : entries) {
                String name = display + "!/" + entry.getName();
                Recognition r;
                try (TraceInput in = TraceInput.open(z.getInputStream(entry), Math.max(0, entry.getCompressedSize()),
                        false, FACTORY, name, TraceInput.Limits.DEFAULT)) {
                    r = recognise(in, name, hints.forFile(name));
                } catch (ImportException e) {
                    r = new Recognition(name, "unknown", e.getMessage(), null, List.of());
                } catch (IOException | RuntimeException e) {
                    r = new Recognition(name, "unknown", name + ": cannot be read (" + describe(e) + ").", null, List.of());
                }
                out.add(new Recognition(r.path(), r.format(), r.problem(), r.csv(), r.untimedFaults(), file));
            }
            return out;
        } catch (IOException e) {
            return List.of(new Recognition(display, "zip", display + ": the zip archive cannot be read ("
                    + IoFailures.describe(e) + ").", null, List.of()));
        }
    }

    private static String describe(Exception e) {
        return e instanceof IOException io ? IoFailures.describe(io) : String.valueOf(e.getMessage());
    }

    /** Recognises one file (see {@link #recognise(List, ImportHints)}). */
    public static Recognition recognise(Path file, ImportHints.ForFile hints) {
        String display = file.toString();
        if (!Files.isRegularFile(file)) {
            return new Recognition(display, "unknown", display + (Files.exists(file) ? ": not a regular file."
                    : ": no such file."), null, List.of());
        }
        if (ImportService.isZip(file)) {
            return new Recognition(display, "zip", "", null, List.of());
        }
        try (TraceInput in = TraceInput.open(file, false, FACTORY, display)) {
            return recognise(in, display, hints);
        } catch (ImportException e) {
            return new Recognition(display, "unknown", e.getMessage(), null, List.of());
        } catch (IOException | RuntimeException e) {
            return new Recognition(display, "unknown", display + ": cannot be read (" + describe(e) + ").", null,
                    List.of());
        }
    }

    /** Recognises an opened file (or zip entry) named {@code display}. */
    private static Recognition recognise(TraceInput in, String display, ImportHints.ForFile hints)
            throws IOException, ImportException {
        TraceReader reader = TraceReaders.choose(in, display);
        String format = reader.format();
        if (format.equals(CsvReader.FORMAT)) {
            try {
                return new Recognition(display, format, "", CsvReader.inspect(in.peek, hints.csvMapping()), List.of());
            } catch (IllegalArgumentException e) {
                return new Recognition(display, format, display + ": line 1: " + e.getMessage() + ".", null, List.of());
            }
        }
        if (format.equals(ChaosMeshReader.FORMAT)) {
            return new Recognition(display, format, "", null, ChaosMeshReader.untimedObjects(in.data, display));
        }
        return new Recognition(display, format, "", null, List.of());
    }

    private static boolean hasResourceSpans(JsonParser p) throws IOException {
        int depth = 0;
        boolean inResult = false;
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            if (p.currentLocation().getByteOffset() > TraceInput.PEEK) {
                return false;
            }
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> {
                    depth--;
                    if (depth == 1) {
                        inResult = false;
                    }
                    if (depth == 0) {
                        return false;
                    }
                }
                case FIELD_NAME -> {
                    String name = p.currentName();
                    if ("resourceSpans".equals(name) && (depth == 1 || (depth == 2 && inResult))) {
                        return true;
                    }
                    if (depth == 1) {
                        inResult = "result".equals(name);
                        if (!inResult) {
                            JsonToken value = p.nextToken();
                            if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                                p.skipChildren();
                            }
                        }
                    }
                }
                default -> {
                }
            }
        }
        return false;
    }
}
