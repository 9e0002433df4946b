package io.llmrouter.api;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.type.TypeFactory;

/**
 * A message's content: either a plain string or a list of parts (text, image_url, ...). Kept in the form it came in, so
 * a string stays a string on the wire (some OpenAI-compatible servers accept nothing else).
 */
@JsonSerialize(using = MessageContent.Writer.class)
@JsonDeserialize(using = MessageContent.Reader.class)
public final class MessageContent {

    private final String text;
    private final List<ContentPart> parts;

    private MessageContent(String text, List<ContentPart> parts) {
        this.text = text;
        this.parts = parts;
    }

    public static MessageContent text(String text) {
        return new MessageContent(text, null);
    }

    public static MessageContent parts(List<ContentPart> parts) {
        return new MessageContent(null, List.copyOf(parts));
    }

    public boolean isText() {
        return parts == null;
    }

    public List<ContentPart> parts() {
        return parts == null ? List.of(ContentPart.text(text)) : parts;
    }

    /** All text of this content, parts joined. */
    public String asText() {
        if (parts == null) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : parts) {
            if (p.text != null) {
                sb.append(p.text);
            }
        }
        return sb.toString();
    }

    public boolean hasImages() {
        if (parts == null) {
            return false;
        }
        for (ContentPart p : parts) {
            if ("image_url".equals(p.type)) {
                return true;
            }
        }
        return false;
    }

    static final class Writer extends JsonSerializer<MessageContent> {
        @Override
        public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.parts == null) {
                gen.writeString(value.text);
            } else {
                provider.findValueSerializer(TypeFactory.defaultInstance()
                        .constructCollectionType(List.class, ContentPart.class)).serialize(value.parts, gen, provider);
            }
        }
    }

    static final class Reader extends JsonDeserializer<MessageContent> {
        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return text(p.getText());
            }
            if (p.currentToken() == JsonToken.START_ARRAY) {
                List<ContentPart> parts = ctxt.readValue(p,
                        ctxt.getTypeFactory().constructCollectionType(List.class, ContentPart.class));
                return parts(parts);
            }
            return (MessageContent) ctxt.handleUnexpectedToken(MessageContent.class, p);
        }

        @Override
        public MessageContent getNullValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
