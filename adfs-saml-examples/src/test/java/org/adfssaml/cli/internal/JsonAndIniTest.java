package org.adfssaml.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonAndIniTest {

    @Test
    void writeWhenStringsNeedEscapingThenValidJsonEscapes() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("text", "a\"b\\c\nd\u0001");
        value.put("none", null);
        value.put("list", List.of(1, true));
        value.put("empty", List.of());

        assertThat(Json.write(value)).isEqualTo("{\n  \"text\": \"a\\\"b\\\\c\\nd\\u0001\",\n  \"none\": null,\n"
                + "  \"list\": [\n    1,\n    true\n  ],\n  \"empty\": []\n}");
    }

    @Test
    void putWhenSectionMissingThenAppendedAfterABlankLine() {
        IniFile ini = IniFile.of("[default]\nregion = eu-west-1");

        ini.put(IniFile.configSection("saml"), new LinkedHashMap<>(Map.of("adfs_idp_url", "https://adfs.example.com")));

        assertThat(ini.text()).isEqualTo("[default]\nregion = eu-west-1\n\n[profile saml]\n"
                + "adfs_idp_url = https://adfs.example.com\n");
    }

    @Test
    void putWhenKeyHasNullValueThenKeyAndItsNestedLinesRemovedOthersKept() {
        IniFile ini = IniFile.of("[profile  p]\n# note\ns3 =\n  addressing_style = path\nkeep = 1\n[other]\nx = 2");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("s3", null);

        ini.put("profile p", values);

        assertThat(ini.text()).isEqualTo("[profile  p]\n# note\nkeep = 1\n[other]\nx = 2\n");
        assertThat(ini.section("profile p")).contains(Map.of("keep", "1"));
        assertThat(ini.section("default")).isEmpty();
    }

    @Test
    void quoteWhenWordHasSpacesOrQuotesThenPosixShellQuoted() {
        assertThat(LaunchCommand.join(Arrays.asList("/opt/java/bin/java", "-jar", "/home/a b/it's.jar")))
                .isEqualTo("/opt/java/bin/java -jar '/home/a b/it'\"'\"'s.jar'");
    }
}
