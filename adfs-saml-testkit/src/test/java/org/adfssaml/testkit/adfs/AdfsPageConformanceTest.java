package org.adfssaml.testkit.adfs;

import static org.adfssaml.testkit.adfs.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.adfssaml.testkit.AdfsEmulator;
import org.adfssaml.testkit.PageStyle;
import org.adfssaml.testkit.adfs.WebClient.Page;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the emulator honest: each real AD FS page captured in {@code fixtures/adfs-html/} and the emulator's page
 * of the same kind must expose the same forms (id or name, method), the same field names and input ids in each
 * form, the same fixed AuthMethod values, the same inputs outside forms, and the same error element.
 */
class AdfsPageConformanceTest {

    private static Path pages;

    @BeforeAll
    static void fixtures() {
        String root = System.getProperty("adfs.fixtures");
        Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root, "adfs-html")),
                "set -Dadfs.fixtures=<path to fixtures> (with adfs-html/) to compare the emulator's pages with"
                        + " real AD FS pages; found adfs.fixtures=" + root);
        pages = Path.of(root, "adfs-html");
    }

    /** The structure clients depend on, one line per fact, comparable between two pages. */
    static List<String> structure(Document doc) {
        List<String> facts = new ArrayList<>();
        for (Element form : doc.select("form")) {
            String key = form.id().isEmpty() ? "form[name=" + form.attr("name") + "]" : "form#" + form.id();
            TreeSet<String> names = new TreeSet<>();
            TreeSet<String> ids = new TreeSet<>();
            for (Element input : form.select("input, select, textarea")) {
                if (!input.attr("name").isEmpty()) {
                    String name = input.attr("name");
                    boolean fixed = name.equals("AuthMethod") && input.attr("type").equalsIgnoreCase("hidden")
                            && !input.attr("value").isEmpty();
                    names.add(fixed ? name + "=" + input.attr("value") : name);
                }
                if (!input.id().isEmpty()) {
                    ids.add(input.id());
                }
            }
            facts.add(key + " method=" + form.attr("method").toLowerCase(Locale.ROOT) + " fields=" + names
                    + " ids=" + ids);
        }
        TreeSet<String> outside = new TreeSet<>();
        for (Element input : doc.select("input[name]")) {
            if (input.closest("form") == null) {
                outside.add(input.attr("name"));
            }
        }
        facts.add("inputs outside forms=" + outside);
        Element error = doc.getElementById("errorText");
        facts.add("error element=" + (error == null ? "none" : error.tagName() + "#errorText"));
        return facts;
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("adfs3_login_form_idpinitiatedsignon__saml2aws.html", PageStyle.ADFS_3_0,
                        (BiFunction<WebClient, AdfsEmulator, Page>) Walk::signInPage),
                Arguments.of("adfs3_login_error_wrong_password__aws-adfs.html", PageStyle.ADFS_3_0,
                        (BiFunction<WebClient, AdfsEmulator, Page>) (c, a) ->
                                Walk.postCredentials(c, a, Walk.signInPage(c, a), "alice@example.test", "wrong")),
                Arguments.of("adfs2016plus_login_form_with_auth_options__saml2aws.html", PageStyle.ADFS_2016,
                        (BiFunction<WebClient, AdfsEmulator, Page>) Walk::signInPage),
                Arguments.of("adfs2016plus_login_form_with_auth_options__saml2aws.html", PageStyle.ADFS_2019,
                        (BiFunction<WebClient, AdfsEmulator, Page>) Walk::signInPage),
                Arguments.of("adfs2_aspnet_login_page__auth-aws.html", PageStyle.ADFS_2_0,
                        (BiFunction<WebClient, AdfsEmulator, Page>) Walk::signInPage),
                Arguments.of("adfs3_mfa_rsa_securid_passcode__saml2aws.html", PageStyle.ADFS_3_0,
                        (BiFunction<WebClient, AdfsEmulator, Page>) (c, a) ->
                                Walk.postCredentials(c, a, Walk.signInPage(c, a), "frank@example.test", PASSWORD)),
                Arguments.of("adfs_mfa_duo_adapter_page__aws-adfs-login.html", PageStyle.ADFS_3_0,
                        (BiFunction<WebClient, AdfsEmulator, Page>) (c, a) ->
                                Walk.postCredentials(c, a, Walk.signInPage(c, a), "ivan@example.test", PASSWORD)),
                Arguments.of("adfs_autosubmit_samlresponse_hiddenform__auth-aws.html", PageStyle.ADFS_3_0,
                        (BiFunction<WebClient, AdfsEmulator, Page>) (c, a) -> c.follow(Walk.postCredentials(c, a,
                                Walk.signInPage(c, a), "alice@example.test", PASSWORD))));
    }

    @ParameterizedTest(name = "{1} page like {0}")
    @MethodSource("pairs")
    void emulatorPageWhenComparedWithRealPageThenSameFormsFieldsAndErrorElement(
            String fixture, PageStyle style, BiFunction<WebClient, AdfsEmulator, Page> walk) throws IOException {
        Document real = Jsoup.parse(Files.readString(pages.resolve(fixture), StandardCharsets.UTF_8));
        try (AdfsEmulator adfs = Fixtures.emulator(style).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Page emulated = walk.apply(client, adfs);

            assertThat(structure(emulated.doc())).containsExactlyElementsOf(structure(real));
        }
    }

    @org.junit.jupiter.api.Test
    void autoPostPageWhenComparedWithWsFedAutoPostThenSameHiddenFormShape() throws IOException {
        Document real = Jsoup.parse(Files.readString(pages.resolve("adfs_wsfed_autopost_wresult__saml2aws.html"),
                StandardCharsets.UTF_8));
        try (AdfsEmulator adfs = Fixtures.emulator(PageStyle.ADFS_2019).build().start();
             WebClient client = new WebClient(adfs.trustStore())) {
            Document emulated = client.follow(Walk.postCredentials(client, adfs, Walk.signInPage(client, adfs),
                    "alice@example.test", PASSWORD)).doc();

            // same auto-post shape (form name, method, noscript submit, title); only the payload fields differ
            for (Document doc : List.of(real, emulated)) {
                assertThat(doc.title()).isEqualTo("Working...");
                assertThat(doc.select("form[name=hiddenform]").attr("method")).isEqualTo("POST");
                assertThat(doc.select("form[name=hiddenform] noscript input[type=submit]")).hasSize(1);
            }
        }
    }
}
