package io.llmrouter.provider.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.api.Json;
import org.junit.jupiter.api.Test;

/** The simulator's structured output: a value each kind of schema accepts, as Zod, Pydantic and OpenAI write them. */
class SchemaSampleTest {

    private static JsonNode sample(String schema) throws Exception {
        return SchemaSample.of(Json.MAPPER.readTree(schema));
    }

    @Test
    void fillsEveryPropertyOfAnObjectWithAValueOfItsType() throws Exception {
        JsonNode v = sample("""
                {"type":"object","required":["s","i","n","b"],"properties":{"s":{"type":"string"},
                 "i":{"type":"integer"},"n":{"type":"number"},"b":{"type":"boolean"},"opt":{"type":"string"}}}""");

        assertThat(v.path("s").isTextual()).isTrue();
        assertThat(v.path("i").isIntegralNumber()).isTrue();
        assertThat(v.path("n").isNumber()).isTrue();
        assertThat(v.path("b").isBoolean()).isTrue();
        assertThat(v.has("opt")).isTrue();
    }

    @Test
    void nestsObjectsAndArraysOfObjects() throws Exception {
        JsonNode v = sample("""
                {"type":"object","properties":{"steps":{"type":"array","minItems":2,"items":{"type":"object",
                 "properties":{"explanation":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}}},
                 "required":["explanation","tags"]}},"final_answer":{"type":"string"}},
                 "required":["steps","final_answer"]}""");

        assertThat(v.path("steps")).hasSize(2).allSatisfy(step -> {
            assertThat(step.path("explanation").isTextual()).isTrue();
            assertThat(step.path("tags").isArray()).isTrue();
        });
        assertThat(v.path("final_answer").isTextual()).isTrue();
    }

    @Test
    void takesAnEnumsFirstValueAndAConst() throws Exception {
        assertThat(sample("{\"type\":\"string\",\"enum\":[\"red\",\"green\"]}").asText()).isEqualTo("red");
        assertThat(sample("{\"const\":42}").asInt()).isEqualTo(42);
    }

    @Test
    void keepsNumbersWithinTheirBounds() throws Exception {
        assertThat(sample("{\"type\":\"integer\",\"minimum\":10,\"maximum\":20}").asInt()).isEqualTo(10);
        assertThat(sample("{\"type\":\"integer\",\"exclusiveMinimum\":10}").asInt()).isEqualTo(11);
        assertThat(sample("{\"type\":\"integer\",\"maximum\":-5}").asInt()).isEqualTo(-5);
        assertThat(sample("{\"type\":\"number\",\"exclusiveMaximum\":0}").asDouble()).isLessThan(0);
        assertThat(sample("{\"type\":\"integer\",\"minimum\":4,\"multipleOf\":3}").asInt()).isEqualTo(6);
    }

    @Test
    void makesStringsOfTheirFormatAndLength() throws Exception {
        assertThat(sample("{\"type\":\"string\",\"format\":\"date-time\"}").asText())
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(sample("{\"type\":\"string\",\"format\":\"email\"}").asText()).contains("@");
        assertThat(sample("{\"type\":\"string\",\"minLength\":20}").asText()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(sample("{\"type\":\"string\",\"maxLength\":3}").asText()).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void takesTheFirstNonNullTypeOfAUnionAndTheFirstBranchOfAnyOf() throws Exception {
        assertThat(sample("{\"type\":[\"null\",\"integer\"]}").isIntegralNumber()).isTrue();
        assertThat(sample("{\"anyOf\":[{\"type\":\"boolean\"},{\"type\":\"null\"}]}").isBoolean()).isTrue();
        assertThat(sample("{\"type\":\"null\"}").isNull()).isTrue();
    }

    @Test
    void mergesTheObjectsOfAllOf() throws Exception {
        JsonNode v = sample("""
                {"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
                          {"type":"object","properties":{"b":{"type":"integer"}},"required":["b"]}]}""");

        assertThat(v.path("a").isTextual()).isTrue();
        assertThat(v.path("b").isIntegralNumber()).isTrue();
    }

    @Test
    void followsLocalReferencesAsPydanticWritesThem() throws Exception {
        JsonNode v = sample("""
                {"$defs":{"Person":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}},
                 "type":"object","properties":{"people":{"type":"array","items":{"$ref":"#/$defs/Person"}},
                 "owner":{"$ref":"#/$defs/Person"}},"required":["people","owner"]}""");

        assertThat(v.path("people").get(0).path("name").isTextual()).isTrue();
        assertThat(v.path("owner").path("name").isTextual()).isTrue();
    }

    @Test
    void endsARecursiveSchema() throws Exception {
        JsonNode v = sample("""
                {"$defs":{"Node":{"type":"object","properties":{"value":{"type":"integer"},
                  "children":{"type":"array","items":{"$ref":"#/$defs/Node"}}},"required":["value","children"]}},
                 "$ref":"#/$defs/Node"}""");

        int depth = 0;
        for (JsonNode n = v; n.path("children").size() > 0; n = n.path("children").get(0)) {
            depth++;
        }
        assertThat(v.path("value").isIntegralNumber()).isTrue();
        assertThat(depth).isBetween(1, 32);
    }

    @Test
    void aMissingSchemaIsAnEmptyObject() {
        assertThat(SchemaSample.of(null).isObject()).isTrue();
        assertThat(SchemaSample.of(null).size()).isZero();
    }
}
