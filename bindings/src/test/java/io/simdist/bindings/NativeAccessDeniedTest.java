package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simdist.simd.Backends;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Run by the {@code native-access-denied} surefire execution, a JVM with
 * {@code --illegal-native-access=deny} and no {@code --enable-native-access}: the backend is
 * unavailable and the reason names the flag that enables it.
 */
@Tag("native-access-denied")
class NativeAccessDeniedTest {
    private static final String FLAG = "--enable-native-access=ALL-UNNAMED";

    @Test
    void deniedNativeAccessIsReportedWithTheFlag() {
        NativeTesting.assumeLibraryBuilt();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> new NativeKernelProviderFactory().create());
        assertTrue(e.getMessage().contains(FLAG), e.getMessage());
    }

    @Test
    void backendsReportsTheFlagAsUnavailableReason() {
        NativeTesting.assumeLibraryBuilt();
        assertFalse(Backends.nativeProvider().isPresent());
        assertTrue(Backends.nativeUnavailableReason().contains(FLAG), Backends.nativeUnavailableReason());
    }
}
