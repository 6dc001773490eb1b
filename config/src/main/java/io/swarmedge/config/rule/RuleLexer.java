package io.swarmedge.config.rule;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits a rule into tokens the way Go's scanner does for the subset Traefik's rules use. */
final class RuleLexer {
    enum Kind {
        IDENT,
        STRING,
        LPAREN,
        RPAREN,
        COMMA,
        AND,
        OR,
        NOT,
        EOF
    }

    /**
     * @param pos 0-based index of the token's first character in the rule
     * @param text identifier name or string value (decoded)
     */
    record Token(Kind kind, String text, int pos) {
        String describe() {
            return switch (kind) {
                case IDENT -> "identifier " + text;
                case STRING -> "string";
                case LPAREN -> "'('";
                case RPAREN -> "')'";
                case COMMA -> "','";
                case AND -> "'&&'";
                case OR -> "'||'";
                case NOT -> "'!'";
                case EOF -> "end of rule";
            };
        }
    }

    private final String src;
    private int i;

    private RuleLexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        return new RuleLexer(src).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (i < src.length() && isSpace(src.charAt(i))) {
                i++;
            }
            if (i >= src.length()) {
                tokens.add(new Token(Kind.EOF, "", src.length()));
                return tokens;
            }
            int start = i;
            char c = src.charAt(i);
            switch (c) {
                case '(' -> tokens.add(single(Kind.LPAREN, start));
                case ')' -> tokens.add(single(Kind.RPAREN, start));
                case ',' -> tokens.add(single(Kind.COMMA, start));
                case '!' -> tokens.add(single(Kind.NOT, start));
                case '&', '|' -> {
                    if (i + 1 < src.length() && src.charAt(i + 1) == c) {
                        i += 2;
                        tokens.add(new Token(c == '&' ? Kind.AND : Kind.OR, "", start));
                    } else {
                        throw new RuleSyntaxException(
                                "unexpected '" + c + "'", start + 1, "did you mean '" + c + c + "'?");
                    }
                }
                case '`' -> tokens.add(rawString(start));
                case '"' -> tokens.add(interpretedString(start));
                case '\'' ->
                    throw new RuleSyntaxException(
                            "unexpected single quote",
                            start + 1,
                            "values are Go strings: use backticks or double quotes");
                default -> {
                    if (Character.isLetter(c) || c == '_') {
                        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                            i++;
                        }
                        tokens.add(new Token(Kind.IDENT, src.substring(start, i), start));
                    } else {
                        throw new RuleSyntaxException("unexpected " + quoteChar(src.codePointAt(i)), start + 1, "");
                    }
                }
            }
        }
    }

    private Token single(Kind kind, int start) {
        i++;
        return new Token(kind, "", start);
    }

    private Token rawString(int start) {
        int end = src.indexOf('`', start + 1);
        if (end < 0) {
            throw new RuleSyntaxException("raw string literal not terminated", start + 1, "");
        }
        i = end + 1;
        // Go drops carriage returns from raw strings
        return new Token(Kind.STRING, src.substring(start + 1, end).replace("\r", ""), start);
    }

    private Token interpretedString(int start) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        i = start + 1;
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                throw new RuleSyntaxException("string literal not terminated", start + 1, "");
            }
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                break;
            }
            if (c != '\\') {
                int cp = src.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            int escape = i;
            if (i + 1 >= src.length()) {
                throw new RuleSyntaxException("string literal not terminated", start + 1, "");
            }
            char e = src.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> bytes.write(7);
                case 'b' -> bytes.write(8);
                case 'f' -> bytes.write(12);
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(11);
                case '\\' -> bytes.write('\\');
                case '"' -> bytes.write('"');
                case 'x' -> bytes.write(digits(escape, 2, 16, 255));
                case 'u' -> codePoint(bytes, digits(escape, 4, 16, Integer.MAX_VALUE), escape);
                case 'U' -> codePoint(bytes, digits(escape, 8, 16, Integer.MAX_VALUE), escape);
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    i--;
                    bytes.write(digits(escape, 3, 8, 255));
                }
                default ->
                    throw new RuleSyntaxException(
                            "unknown escape sequence \\" + e,
                            escape + 1,
                            "in double quotes a backslash must be escaped (\\\\); backticks take text as is");
            }
        }
        try {
            String value = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
            return new Token(Kind.STRING, value, start);
        } catch (CharacterCodingException ex) {
            throw new RuleSyntaxException("string is not valid UTF-8", start + 1, "");
        }
    }

    private int digits(int escape, int count, int radix, int max) {
        if (i + count > src.length()) {
            throw new RuleSyntaxException("invalid escape sequence", escape + 1, "");
        }
        int value = 0;
        for (int k = 0; k < count; k++) {
            int d = Character.digit(src.charAt(i + k), radix);
            if (d < 0 || src.charAt(i + k) > 127) {
                throw new RuleSyntaxException("invalid escape sequence", escape + 1, "");
            }
            value = value * radix + d;
        }
        if (value > max || value < 0) {
            throw new RuleSyntaxException("escape sequence is invalid value", escape + 1, "");
        }
        i += count;
        return value;
    }

    private static void codePoint(ByteArrayOutputStream bytes, int cp, int escape) {
        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw new RuleSyntaxException("escape sequence is invalid Unicode code point", escape + 1, "");
        }
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static String quoteChar(int cp) {
        return cp < 32 || cp == 127
                ? String.format("character U+%04X", cp)
                : "'" + new String(Character.toChars(cp)) + "'";
    }
}
