package dev.coffer.cli.local;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/** C library calls the JDK has no fast way to make, found through the Foreign Function &amp; Memory API. */
final class LibC {
    private LibC() {}

    /**
     * A handle on the C library's {@code name} with signature {@code signature}, or null when
     * none can be had: not Linux, the function missing, or native access not enabled (without
     * {@code --enable-native-access}, which the launcher gives, the JVM would print a warning on
     * the first native call: callers take their NIO path quietly instead).
     */
    static MethodHandle find(String name, FunctionDescriptor signature) {
        try {
            if (!System.getProperty("os.name", "").startsWith("Linux")) return null;
            if (!LibC.class.getModule().isNativeAccessEnabled()) return null;
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup()
                    .find(name)
                    .map(addr -> linker.downcallHandle(addr, signature))
                    .orElse(null);
        } catch (Throwable e) { // IllegalCallerException without native access, UnsupportedOperationException, ...
            return null;
        }
    }
}
