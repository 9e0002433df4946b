package io.llmrouter.api;

/** One part of a message's content: {@code text} or {@code image_url} (other part types are kept as extra fields). */
public final class ContentPart extends Extensible {

    public String type;
    public String text;
    public ImageUrl imageUrl;

    public static ContentPart text(String text) {
        ContentPart p = new ContentPart();
        p.type = "text";
        p.text = text;
        return p;
    }

    public static ContentPart image(String url) {
        ContentPart p = new ContentPart();
        p.type = "image_url";
        p.imageUrl = new ImageUrl();
        p.imageUrl.url = url;
        return p;
    }

    /** An image by URL or as a {@code data:} URL with base64 content. */
    public static final class ImageUrl extends Extensible {
        public String url;
        public String detail;
    }
}
