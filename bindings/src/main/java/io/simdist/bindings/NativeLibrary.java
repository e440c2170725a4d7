package io.simdist.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds and opens {@code libsimdist_rng} (jvector's {@code LibraryLoader}, Elasticsearch's
 * {@code LoaderHelper}): the file named by {@value #PATH_PROPERTY} if that property is set, else the
 * resource {@code io/simdist/native/<os>-<arch>/libsimdist_rng.so} of the {@code native-rng} jar,
 * extracted to a temporary file. Every failure is an {@link UnsupportedOperationException} whose
 * message says which library and what to do.
 */
final class NativeLibrary {
    /** System property naming a library file to load instead of the bundled one. */
    static final String PATH_PROPERTY = "simdist.native.path";

    private static final String NAME = "simdist_rng";
    private static final System.Logger LOG = System.getLogger("io.simdist");

    private NativeLibrary() {}

    /**
     * Loads the library from {@value #PATH_PROPERTY} if set, else from the class path, and binds it.
     *
     * @return the provider
     * @throws UnsupportedOperationException if there is no usable library; the message says why
     */
    static NativeKernelProvider load() {
        String configured = System.getProperty(PATH_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return loadConfigured(configured);
        }
        return loadBundled();
    }

    private static NativeKernelProvider loadConfigured(String configured) {
        String source = configured + " (-D" + PATH_PROPERTY + ")";
        Path file;
        try {
            file = Path.of(configured);
        } catch (InvalidPathException e) {
            throw new UnsupportedOperationException("cannot load the native library " + source
                    + ": not a valid path: " + e.getMessage(), e);
        }
        if (!Files.isRegularFile(file)) {
            throw new UnsupportedOperationException("cannot load the native library " + source
                    + ": no such file");
        }
        return open(file, source, "");
    }

    private static NativeKernelProvider loadBundled() {
        String platform = platform();
        String resource = "io/simdist/native/" + platform + "/" + System.mapLibraryName(NAME);
        try (InputStream in = NativeLibrary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsupportedOperationException("no native library for " + platform
                        + " on the class path (resource " + resource + " of the simdist native-rng jar);"
                        + " build native-rng on this platform or set -D" + PATH_PROPERTY
                        + "=/path/to/" + System.mapLibraryName(NAME));
            }
            Path file = Files.createTempFile("simdist-", "-" + System.mapLibraryName(NAME));
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                return open(file, "bundled " + platform, "; if " + file.getParent()
                        + " is mounted noexec, set -Djava.io.tmpdir to another directory or -D"
                        + PATH_PROPERTY);
            } finally {
                deleteLoaded(file);
            }
        } catch (IOException e) {
            throw new UnsupportedOperationException("cannot extract the native library " + resource
                    + " to a temporary file in " + System.getProperty("java.io.tmpdir") + ": " + e
                    + "; set -Djava.io.tmpdir to a writable directory or -D" + PATH_PROPERTY, e);
        }
    }

    /**
     * Opens {@code file} in its own arena and binds it. The arena of a library that is bound stays
     * open for the life of the JVM; the arena of a refused one is closed, which unloads it.
     * {@code advice} is appended to the message when the file cannot be loaded.
     */
    // Loading native code is this class's purpose; a JVM that denies it makes libraryLookup throw
    // IllegalCallerException, which is reported with the flag that grants access.
    @SuppressWarnings("restricted")
    private static NativeKernelProvider open(Path file, String source, String advice) {
        Arena arena = Arena.ofShared();
        boolean bound = false;
        try {
            SymbolLookup library = SymbolLookup.libraryLookup(file, arena);
            NativeKernelProvider provider = NativeKernelProvider.bind(library, source);
            bound = true;
            LOG.log(System.Logger.Level.DEBUG, "simdist: loaded " + provider.description());
            return provider;
        } catch (IllegalCallerException e) {
            throw new UnsupportedOperationException(nativeAccessDenied(), e);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOperationException("cannot load the native library " + source + ": "
                    + e.getMessage() + advice, e);
        } finally {
            if (!bound) {
                arena.close();
            }
        }
    }

    /** The reason given when the JVM denies native access, naming the flag that grants it. */
    private static String nativeAccessDenied() {
        Module module = NativeLibrary.class.getModule();
        String grantee = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        return "native access is denied to " + (module.isNamed() ? "module " + grantee : "the class path")
                + ": pass --enable-native-access=" + grantee + " to the JVM";
    }

    /**
     * Deletes the extracted copy. On Linux a loaded library stays mapped after its file is
     * unlinked, so deleting right away leaves nothing behind even if the JVM is killed; where the
     * file is still in use it is deleted at exit instead.
     */
    private static void deleteLoaded(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    /**
     * The platform folder, {@code <os>-<arch>}, with the names the native-rng Makefile gives it:
     * {@code linux-x64}, {@code linux-aarch64}, ...
     *
     * @return the folder name for this JVM
     */
    static String platform() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        String osName = os.startsWith("linux") ? "linux" : os.replaceAll("\\s+", "");
        String archName = switch (arch) {
            case "amd64", "x86_64" -> "x64";
            default -> arch;
        };
        return osName + "-" + archName;
    }
}
