package io.simdist.bindings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.simdist.kernels.KernelProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Run by the {@code native-access-warn} surefire execution, a JVM without
 * {@code --enable-native-access}: JDK 25 then only warns, and the backend must work.
 */
@Tag("native-access-warn")
class NativeAccessWarnTest {
    @Test
    void providerWorksWhenNativeAccessOnlyWarns() {
        assertFalse(NativeAccessWarnTest.class.getModule().isNativeAccessEnabled(),
                "this test must run without --enable-native-access");
        KernelProvider provider = NativeTesting.provider();
        int[] words = new int[4];
        provider.philoxInts(0L, 0L, 0L, words, 0, 4);
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, words);
    }
}
