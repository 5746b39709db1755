package com.example.second;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The class this module generated runs; built beside the first module's, by the other build thread. */
class GeneratedClassTest {
    @Test
    void forwardGivesOneHiddenVectorPerToken() {
        try (TinyEncoder model = TinyEncoder.load()) {
            float[][][] hidden =
                    model.forward(new long[][] {{1, 2, 3}}, new long[][] {{1, 1, 0}}).lastHiddenState();
            assertEquals(3, hidden[0].length);
            assertEquals(8, hidden[0][0].length);
            assertEquals(0f, hidden[0][2][0], "a masked token is zeroed");
            System.out.println("second: info " + model.info());
        }
    }
}
