package io.llmrouter.engine;

import java.util.ArrayList;
import java.util.List;

import io.llmrouter.api.ChatChunk;
import io.llmrouter.api.MessageContent;
import io.llmrouter.api.ToolCall;

/**
 * Splices an answer generated again from the start onto the broken one the caller has part of. The new answer is held
 * back while it repeats what the caller has (its text, then its tool calls: the same number so far, the same names,
 * the same arguments, the broken call's as far as they went) and relayed from there on. Tool calls the caller already
 * saw keep its ids: their fragments go on as arguments alone, on the index it knows. An answer that says anything else
 * cannot be spliced ({@link #differs()}).
 */
final class Splice {

    private final AnswerSoFar had;
    private final AnswerSoFar again = new AnswerSoFar();
    /** The index of the call the answer broke in (the caller's last), or -1 when the caller had only text. */
    private final int brokenCall;
    private boolean covered;
    private String differs;

    Splice(AnswerSoFar had) {
        this.had = had;
        this.brokenCall = had.lastIndex();
        this.covered = !had.hasCalls() && had.textLength() == 0;
    }

    /** Whether the new answer has repeated all the caller had: what follows is relayed. */
    boolean covered() {
        return covered;
    }

    /** Why the new answer cannot be spliced, or null while it can. */
    String differs() {
        return differs;
    }

    /**
     * The part of {@code chunk} that is new to the caller ({@code chunk} itself, trimmed), or null while the new answer
     * only repeats what the caller has, or once it {@link #differs()}.
     */
    ChatChunk next(ChatChunk chunk) {
        if (differs != null) {
            return null;
        }
        ChatChunk.Choice first = null;
        if (chunk.choices != null) {
            for (ChatChunk.Choice c : chunk.choices) {
                if (c.index == 0) {
                    first = c;
                }
            }
        }
        if (first != null && first.delta != null) {
            if (first.delta.content != null) {
                String t = first.delta.content.asText();
                String rest = covered ? t : text(t);
                first.delta.content = rest == null ? null : MessageContent.text(rest);
            }
            if (first.delta.toolCalls != null) {
                List<ToolCall> relayed = new ArrayList<>();
                for (ToolCall fragment : first.delta.toolCalls) {
                    if (differs != null) {
                        return null;
                    }
                    ToolCall rest = covered ? afterCover(fragment) : call(fragment);
                    if (rest != null) {
                        relayed.add(rest);
                    }
                }
                first.delta.toolCalls = relayed.isEmpty() ? null : relayed;
            }
        }
        if (differs == null && !covered && first != null && first.finishReason != null) {
            differ("it ended before it covered what was already sent");
        }
        return differs == null && covered ? chunk : null;
    }

    /**
     * Text before the cover: returns what is past the caller's text, or null. Each fragment is compared where it
     * falls, so the answer generated again is a prefix of the caller's text for as long as it is not covered (no
     * copy of either text per fragment: a long answer would make that quadratic on the event loop).
     */
    private String text(String t) {
        int before = again.textLength();
        again.addText(t);
        int has = had.textLength();
        int now = before + t.length();
        if (again.hasCalls() || !had.textContinuesWith(before, t) || had.hasCalls() && now > has) {
            differ("its text differs from the text already sent");
            return null;
        }
        if (!had.hasCalls() && now >= has) {
            covered = true;
            return t.substring(Math.max(0, has - before));
        }
        return null;
    }

    /** A tool-call fragment before the cover: returns the broken call's arguments past the caller's, or null. */
    private ToolCall call(ToolCall fragment) {
        int i = AnswerSoFar.index(fragment);
        AnswerSoFar.Call mine = had.call(i);
        // the text generated again is a prefix of the caller's (see text): the same length is the same text
        if (again.textLength() != had.textLength() || mine == null || i > brokenCall) {
            differ("its tool calls differ from those already sent");
            return null;
        }
        if (again.call(i) == null && i > 0 && !same(again.call(i - 1), had.call(i - 1))) {
            differ("its tool calls differ from those already sent"); // a call begins: the one before must be whole
            return null;
        }
        int before = again.call(i) == null ? 0 : again.call(i).arguments.length();
        again.add(fragment);
        AnswerSoFar.Call now = again.call(i);
        String hasName = mine.name.toString();
        String nowName = now.name.toString();
        if (!hasName.startsWith(nowName) || now.arguments.length() > 0 && !hasName.equals(nowName)) {
            differ("it calls " + nowName + " where " + hasName + " was called");
            return null;
        }
        String args = fragment.function == null || fragment.function.arguments == null ? ""
                : fragment.function.arguments;
        int hasArgs = mine.arguments.length();
        int nowArgs = now.arguments.length();
        if (!AnswerSoFar.continues(mine.arguments, before, args) || i < brokenCall && nowArgs > hasArgs) {
            differ("the arguments of its call of " + hasName + " differ from those already sent");
            return null;
        }
        if (i == brokenCall && hasName.equals(nowName) && nowArgs >= hasArgs) {
            covered = true;
            return argumentsOnly(i, args.substring(Math.max(0, hasArgs - before)));
        }
        return null;
    }

    /** After the cover: the broken call goes on under the caller's id; later calls are new to it and go as they are. */
    private ToolCall afterCover(ToolCall fragment) {
        int i = AnswerSoFar.index(fragment);
        if (i > brokenCall) {
            return fragment;
        }
        if (i < brokenCall) {
            differ("it went back to a tool call already sent");
            return null;
        }
        return argumentsOnly(i, fragment.function == null || fragment.function.arguments == null ? ""
                : fragment.function.arguments);
    }

    private static boolean same(AnswerSoFar.Call a, AnswerSoFar.Call b) {
        return a != null && b != null && a.name.toString().equals(b.name.toString())
               && a.arguments.toString().equals(b.arguments.toString());
    }

    private static ToolCall argumentsOnly(int index, String arguments) {
        if (arguments.isEmpty()) {
            return null;
        }
        ToolCall c = new ToolCall();
        c.index = index;
        c.function = new ToolCall.FunctionCall();
        c.function.arguments = arguments;
        return c;
    }

    private void differ(String why) {
        differs = why;
    }
}
