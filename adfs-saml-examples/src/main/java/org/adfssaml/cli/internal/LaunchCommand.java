package org.adfssaml.cli.internal;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.adfssaml.cli.AdfsSamlCli;

/**
 * How to start this CLI again, for the {@code credential_process} line: {@code java -cp <this jar> <main class>}
 * with absolute paths, or with the class path when it runs from classes (tests, IDEs). Quoted for the
 * AWS CLI, which splits the line like a POSIX shell.
 */
final class LaunchCommand {

    /**
     * The AWS CLI starts a new JVM for every command, and a short-lived process spends its CPU compiling code it runs
     * only a few hundred times: with C1 only it starts about twice as fast as with C2; without C1's inlining, and with
     * one compiler thread instead of two competing with the sign-in for the cores, a cold sign-in spends about 0.1 to
     * 0.25 s less CPU (BENCHMARKS.md, cold login and cached credential-process). Without the performance counters'
     * shared memory file in {@code /tmp/hsperfdata_<user>}, which nothing reads in a process this short, a cached
     * {@code credential-process} starts about 6 ms sooner ({@code jcmd <pid>} still works; {@code jps} no longer lists
     * it).
     */
    static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:-Inline", "-XX:CICompilerCount=1",
            "-XX:-UsePerfData");

    private LaunchCommand() {
    }

    /**
     * How a JVM is told to run this CLI from its jar: {@code -cp <jar> <main class>} rather than {@code -jar <jar>}.
     * Given {@code -jar}, the {@code java} launcher opens the jar once more before the class loader does, only to read
     * its manifest, and indexing this jar's 19,000 entries costs a JVM with C1 only about 10 ms (a cached
     * {@code credential-process}: 138 → 130 ms; BENCHMARKS.md, seventh session). A jar whose path holds the path
     * separator cannot be named on a class path, and keeps {@code -jar}.
     */
    static List<String> jarAndMain(Path jar) {
        String path = jar.toString();
        return path.indexOf(File.pathSeparatorChar) >= 0 ? List.of("-jar", path) : classPathAndMain(path);
    }

    /** How a JVM is told to run this CLI from {@code classPath}: {@code -cp <classPath> <main class>}. */
    static List<String> classPathAndMain(String classPath) {
        return List.of("-cp", classPath, AdfsSamlCli.class.getName());
    }

    /** This JVM's {@code java} launcher. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath();
    }

    /** The jar this CLI runs from, or empty when it runs from classes. */
    static Optional<Path> jar() {
        Path codeSource = codeSource();
        return codeSource != null && Files.isRegularFile(codeSource) ? Optional.of(codeSource) : Optional.empty();
    }

    static String current() {
        return current(List.of());
    }

    /** @param jvmOptions options after {@link #SHORT_LIVED}, e.g. {@link ClassDataSharing#jvmOptions} */
    static String current(List<String> jvmOptions) {
        List<String> words = new ArrayList<>();
        words.add(java().toString());
        words.addAll(SHORT_LIVED);
        words.addAll(jvmOptions);
        Optional<Path> jar = jar();
        words.addAll(jar.isPresent() ? jarAndMain(jar.get()) : classPathAndMain(System.getProperty("java.class.path")));
        return join(words);
    }

    static String join(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add(quote(word));
        }
        return String.join(" ", quoted);
    }

    static String quote(String word) {
        if (Safe.WORD.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    private static Path codeSource() {
        try {
            var source = AdfsSamlCli.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Compiled on first use: a plain {@code java -jar} that relaunches itself ({@link Relaunch}) reads
     * {@link #SHORT_LIVED} but quotes nothing, and compiling the pattern would cost it about 7 ms before the child
     * starts.
     */
    private static final class Safe {
        static final Pattern WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    }
}
