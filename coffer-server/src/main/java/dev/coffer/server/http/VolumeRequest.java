package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * How names and paths are read from URLs and bodies: decoded strictly (invalid UTF-8 is refused;
 * a slash is refused inside a single name such as a team's) and checked by {@link VolumePath}, the
 * one place paths are read.
 */
final class VolumeRequest {
    private VolumeRequest() {}

    static String decodeName(String raw) {
        String name = decode(raw);
        if (name.contains("/")) throw new CofferException.Invalid("a name must not contain '/'");
        return VolumePath.checkName(name);
    }

    /** Decodes a path that arrives in a query string or JSON (already text). */
    static VolumePath path(String text) {
        if (text == null) throw new CofferException.Invalid("a path is required");
        return VolumePath.parse(text);
    }

    /**
     * A file path at the end of a URL. An encoded slash ({@code %2F}) separates names like a plain
     * one: no name may hold a slash, so it cannot mean anything else, and clients generated from
     * the API document escape the slashes of a path parameter. The decoded path is then checked
     * whole ({@code ..}, empty names and the rest are refused as always).
     */
    static VolumePath decodePath(String raw) {
        return VolumePath.parse(decode(raw));
    }

    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) throw new CofferException.Invalid("bad percent-encoding in the URL");
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new CofferException.Invalid("bad percent-encoding in the URL");
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CofferException.Invalid("path is not valid UTF-8");
        }
    }
}
