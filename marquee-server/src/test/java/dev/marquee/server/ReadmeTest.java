package dev.marquee.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table documents every key with its environment variable and default. */
class ReadmeTest {
    @Test
    void documentsEveryConfigurationKey() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), "README.md"));
        for (ConfigSetting setting : ServerConfigLoader.SETTINGS) {
            String row = "| `%s` | `%s` |".formatted(setting.key(), setting.environmentVariable());
            assertThat(readme).as(setting.key()).contains(row);
            if (!setting.defaultValue().isEmpty()) {
                assertThat(readme).as(setting.key()).contains(row + " `" + setting.defaultValue() + "` |");
            }
        }
    }
}
