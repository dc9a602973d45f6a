package org.mediadfs.client.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for the benchmark report (maps, lists, strings, numbers, booleans, null):
 * the report is small and flat, so a JSON library would be the only reason for another dependency.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, 0);
    return b.append('\n').toString();
  }

  private static void write(StringBuilder b, Object v, int indent) {
    switch (v) {
      case null -> b.append("null");
      case String s -> string(b, s);
      case Boolean x -> b.append(x);
      case Double d ->
          b.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.4f", d) : "null");
      case Float f -> write(b, f.doubleValue(), indent);
      case Number n -> b.append(n);
      case Map<?, ?> m -> {
        b.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<?, ?> e = it.next();
          newline(b, indent + 1);
          string(b, String.valueOf(e.getKey()));
          b.append(": ");
          write(b, e.getValue(), indent + 1);
          if (it.hasNext()) {
            b.append(',');
          }
        }
        if (!m.isEmpty()) {
          newline(b, indent);
        }
        b.append('}');
      }
      case List<?> l -> {
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
          newline(b, indent + 1);
          write(b, l.get(i), indent + 1);
          if (i < l.size() - 1) {
            b.append(',');
          }
        }
        if (!l.isEmpty()) {
          newline(b, indent);
        }
        b.append(']');
      }
      default -> string(b, v.toString());
    }
  }

  private static void newline(StringBuilder b, int indent) {
    b.append('\n').append("  ".repeat(indent));
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
