package io.llmrouter.engine;

import java.util.TreeMap;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.ToolCall;

/**
 * A streamed answer as far as it went: the first choice's text and its tool calls (by their stream {@code index}),
 * assembled from deltas. What a caller has had of a broken answer, and what its regeneration has said so far.
 */
final class AnswerSoFar {

    /** One tool call: the id and name it opened with, the arguments so far. */
    static final class Call {
        String id;
        final StringBuilder name = new StringBuilder();
        final StringBuilder arguments = new StringBuilder();
    }

    private final StringBuilder text = new StringBuilder();
    private final TreeMap<Integer, Call> calls = new TreeMap<>();

    /** Adds the first choice's text and tool-call fragments of {@code chunk}; returns how many characters they had. */
    int add(ChatChunk chunk) {
        int added = 0;
        if (chunk.choices == null) {
            return 0;
        }
        for (ChatChunk.Choice c : chunk.choices) {
            if (c.index != 0 || c.delta == null) {
                continue;
            }
            if (c.delta.content != null) {
                String t = c.delta.content.asText();
                text.append(t);
                added += t.length();
            }
            if (c.delta.toolCalls != null) {
                for (ToolCall fragment : c.delta.toolCalls) {
                    added += add(fragment);
                }
            }
        }
        return added;
    }

    int add(ToolCall fragment) {
        Call call = calls.computeIfAbsent(index(fragment), i -> new Call());
        if (call.id == null) {
            call.id = fragment.id;
        }
        if (fragment.function == null) {
            return 0;
        }
        String name = fragment.function.name == null ? "" : fragment.function.name;
        String args = fragment.function.arguments == null ? "" : fragment.function.arguments;
        call.name.append(name);
        call.arguments.append(args);
        return name.length() + args.length();
    }

    static int index(ToolCall fragment) {
        return fragment.index == null ? 0 : fragment.index;
    }

    void addText(String t) {
        text.append(t);
    }

    String text() {
        return text.toString();
    }

    int textLength() {
        return text.length();
    }

    /** Whether the text from {@code offset} on starts with {@code part}, as far as the text goes. */
    boolean textContinuesWith(int offset, String part) {
        return continues(text, offset, part);
    }

    /** Whether {@code whole} from {@code offset} on starts with {@code part}, as far as it goes; nothing is copied. */
    static boolean continues(CharSequence whole, int offset, String part) {
        int n = Math.max(0, Math.min(part.length(), whole.length() - offset));
        for (int k = 0; k < n; k++) {
            if (whole.charAt(offset + k) != part.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    boolean hasCalls() {
        return !calls.isEmpty();
    }

    Call call(int index) {
        return calls.get(index);
    }

    /** The highest call index so far, or -1. */
    int lastIndex() {
        return calls.isEmpty() ? -1 : calls.lastKey();
    }

    AnswerSoFar copy() {
        AnswerSoFar c = new AnswerSoFar();
        c.text.append(text);
        calls.forEach((i, call) -> {
            Call k = new Call();
            k.id = call.id;
            k.name.append(call.name);
            k.arguments.append(call.arguments);
            c.calls.put(i, k);
        });
        return c;
    }
}
