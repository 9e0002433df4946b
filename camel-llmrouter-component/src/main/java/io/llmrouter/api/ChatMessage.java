package io.llmrouter.api;

import java.util.List;

/** One message of a conversation; also the {@code delta} of a stream chunk. */
public final class ChatMessage extends Extensible {

    public String role;
    public MessageContent content;
    public String name;
    public String refusal;
    public List<ToolCall> toolCalls;
    public String toolCallId;

    public static ChatMessage of(String role, String text) {
        ChatMessage m = new ChatMessage();
        m.role = role;
        m.content = MessageContent.text(text);
        return m;
    }
}
