package io.llmrouter.api;

/** A call the model made to a tool. In stream deltas {@link #index} says which call a fragment belongs to. */
public final class ToolCall extends Extensible {

    public Integer index;
    public String id;
    public String type;
    public FunctionCall function;

    public static ToolCall function(String id, String name, String arguments) {
        ToolCall call = new ToolCall();
        call.id = id;
        call.type = "function";
        call.function = new FunctionCall();
        call.function.name = name;
        call.function.arguments = arguments;
        return call;
    }

    public static final class FunctionCall extends Extensible {
        public String name;
        /** The arguments as a JSON text, as OpenAI sends them. */
        public String arguments;
    }
}
