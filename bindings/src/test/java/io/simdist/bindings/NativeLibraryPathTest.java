package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.simdist.kernels.KernelProvider;
import io.simdist.kernels.ScalarKernelProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dsimdist.native.path}: a good library is used, a bad one is refused naming the path. */
class NativeLibraryPathTest {
    @Test
    void missingFileIsRefusedNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("absent").resolve("libsimdist_rng.so");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> createWithPath(missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(NativeLibrary.PATH_PROPERTY), e.getMessage());
    }

    // HotSpot prints a "might have disabled stack guard" warning for this file: it looks for the
    // noexecstack note of an ELF file before loading it, and a text file has none.
    @Test
    void fileThatIsNotLibraryIsRefusedNamingThePath(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("libsimdist_rng.so"), "not a shared library\n");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> createWithPath(text.toString()));
        assertTrue(e.getMessage().contains(text.toString()), e.getMessage());
    }

    @Test
    void libraryWithoutSimdistSymbolsIsRefused() {
        // Any loadable library that is not ours: the JDK's own libjava is in every Linux JDK.
        Path other = Path.of(System.getProperty("java.home"), "lib", System.mapLibraryName("java"));
        assumeTrue(Files.isRegularFile(other), "no " + other + " in this JDK");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> createWithPath(other.toString()));
        assertTrue(e.getMessage().contains("simdist_caps"), e.getMessage());
        assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
    }

    @Test
    void libraryAtPathIsLoaded(@TempDir Path dir) throws IOException {
        NativeTesting.assumeLibraryBuilt();
        Path copy = dir.resolve(System.mapLibraryName("simdist_rng"));
        String resource = "io/simdist/native/" + NativeLibrary.platform() + "/" + copy.getFileName();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, "no " + resource + " on the test class path");
            Files.copy(in, copy);
        }
        KernelProvider provider = createWithPath(copy.toString());
        assertTrue(provider.description().contains(copy.toString()), provider.description());
        int[] expected = new int[9];
        int[] actual = new int[9];
        ScalarKernelProvider.INSTANCE.philoxInts(42L, 7L, 3L, expected, 1, 7);
        provider.philoxInts(42L, 7L, 3L, actual, 1, 7);
        assertArrayEquals(expected, actual);
    }

    /** The factory's {@code create()} with the property set to {@code path}, then restored. */
    private static KernelProvider createWithPath(String path) {
        String previous = System.getProperty(NativeLibrary.PATH_PROPERTY);
        System.setProperty(NativeLibrary.PATH_PROPERTY, path);
        try {
            return new NativeKernelProviderFactory().create();
        } finally {
            if (previous == null) {
                System.clearProperty(NativeLibrary.PATH_PROPERTY);
            } else {
                System.setProperty(NativeLibrary.PATH_PROPERTY, previous);
            }
        }
    }
}
