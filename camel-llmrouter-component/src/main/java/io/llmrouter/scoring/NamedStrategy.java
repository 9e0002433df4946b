package io.llmrouter.scoring;

/** A built-in strategy: its name is the one callers and endpoints use to pick it. */
abstract class NamedStrategy implements Strategy {

    private final String name;

    NamedStrategy(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }
}
