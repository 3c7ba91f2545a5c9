package dev.coffer.cli.mount;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;

/**
 * The native struct behind one of the FUSE binding's objects ({@code struct stat}, {@code
 * fuse_file_info}, {@code fuse_config}), for the fields the binding has no setters for. Its
 * implementation classes keep it in a {@code segment()} method, found once per class.
 */
final class NativeStructs {
    private static final ClassValue<Method> SEGMENT = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                Method m = type.getDeclaredMethod("segment");
                m.setAccessible(true);
                return m;
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("no native struct can be reached behind " + type.getName(), e);
            }
        }
    };

    private NativeStructs() {}

    /** The struct behind {@code bound}; throws when this binding keeps it out of reach. */
    static MemorySegment of(Object bound) throws ReflectiveOperationException {
        return (MemorySegment) SEGMENT.get(bound.getClass()).invoke(bound);
    }

    /** Throws when the struct behind objects of {@code type} cannot be reached. */
    static void check(Class<?> type) {
        SEGMENT.get(type);
    }
}
