package dev.hive.monitor.web;

/**
 * Text made safe for XML 1.0: characters XML cannot carry at all (most control characters, lone surrogates,
 * U+FFFE and U+FFFF) become U+FFFD. A runner is untrusted and a test may print anything; the escaping of
 * {@code <}, {@code &} and quotes is the XML writer's.
 */
final class XmlText {

    private XmlText() {}

    static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            ok = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0xd800) || (c >= 0xe000 && c <= 0xfffd);
            if (!ok && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(ok ? c : '\ufffd');
            }
        }
        return out == null ? text : out.toString();
    }
}
