package org.adfssaml.core;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsing a response for its roles must not pay for OpenSAML's object-provider initialisation or
 * for XML Security: it only needs the parser pool. Checked in a fresh class loader that records
 * every class it loads, so the result does not depend on which tests ran before in this JVM.
 */
class LazyInitializationTest {

    static final class RecordingLoader extends URLClassLoader {
        final Set<String> loaded = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            loaded.add(name);
            return super.findClass(name);
        }
    }

    static URL[] testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(s -> {
            try {
                return new File(s).toURI().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(URL[]::new);
    }

    @Test
    void parseWhenFirstCallInFreshClassLoaderThenNoOpenSamlOrXmlSecurityLoaded() throws Exception {
        String xml = TestSigning.xml(new TestSigning.Spec());
        try (RecordingLoader loader = new RecordingLoader(testClassPath())) {
            Class<?> samlResponse = loader.loadClass(SamlResponse.class.getName());
            Object response = samlResponse.getMethod("parse", String.class).invoke(null, xml);

            assertThat(samlResponse.getMethod("roles").invoke(response)).asList().hasSize(2);
            assertThat(loader.loaded).contains("net.shibboleth.utilities.java.support.xml.BasicParserPool");
            assertThat(loader.loaded).noneMatch(name -> name.startsWith("org.opensaml.") || name.startsWith("org.apache.xml.security."));
        }
    }
}
