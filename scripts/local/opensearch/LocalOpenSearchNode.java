import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.knn.plugin.KNNPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * The local cloud's OpenSearch node: one single-node cluster in this JVM, built from the Maven Central
 * jars with its plugins on the class path, the way embedded-node runners (OpenSearch's own MockNode)
 * construct a {@link Node}. No security plugin: the node listens on 127.0.0.1 only.
 *
 * <p>Usage: {@code LocalOpenSearchNode <home directory> <http port> [--temporary]}. The node keeps its
 * data and logs under the home directory; with {@code --temporary} it deletes that directory once it
 * has closed. It stops (closing the node cleanly) on SIGTERM, and when its standard input closes: the
 * process that started it has gone, and a node nobody can reach must not linger, nor its files.
 */
public final class LocalOpenSearchNode {
  private LocalOpenSearchNode() {}

  /** A node whose plugins are classes on the class path rather than directories under plugins/. */
  static final class ClasspathNode extends Node {
    ClasspathNode(Settings settings, Collection<Class<? extends Plugin>> plugins) {
      super(
          InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "local"),
          plugins,
          false);
    }
  }

  public static void main(String[] args) throws Exception {
    boolean temporary = args.length == 3 && args[2].equals("--temporary");
    if (args.length != 2 && !temporary) {
      System.err.println("usage: LocalOpenSearchNode <home directory> <http port> [--temporary]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int httpPort = Integer.parseInt(args[1]);
    for (String dir : List.of("config", "data", "logs", "plugins", "modules")) {
      Files.createDirectories(home.resolve(dir));
    }
    Settings settings =
        Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "leadmetrics-local")
            .put("node.name", "local")
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            // The transport layer is unused by a single node; any free port in the range will do.
            .put("transport.port", "9300-9700")
            // A developer's nearly full disk must not turn every index read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    LogConfigurator.configureWithoutConfig(settings);
    loadPainlessExtensions();

    List<Class<? extends Plugin>> plugins = new ArrayList<>();
    plugins.add(Netty4Plugin.class);
    plugins.add(CommonAnalysisPlugin.class);
    plugins.add(PainlessPlugin.class);
    plugins.add(ReindexPlugin.class);
    plugins.add(KNNPlugin.class);
    Node node = new ClasspathNode(settings, plugins);

    CountDownLatch stopped = new CountDownLatch(1);
    Runnable close =
        () -> {
          try {
            node.close();
          } catch (IOException e) {
            System.err.println("the OpenSearch node did not close cleanly: " + e);
          } finally {
            if (temporary) deleteTree(home);
            stopped.countDown();
          }
        };
    Runtime.getRuntime().addShutdownHook(new Thread(close, "local-node-shutdown"));
    node.start();
    System.out.println("local OpenSearch node started on http://127.0.0.1:" + httpPort);
    watchStandardInput();
    // The node's threads are daemons: this thread keeps the JVM alive until the node is closed.
    stopped.await();
  }

  /**
   * Painless's extensions (k-NN's scoring functions for painless scripts) are found by the plugin
   * service only through a plugin directory's "extended.plugins"; on the class path every extension
   * is visible to the service loader, and painless keeps its allow-lists statically, so loading them
   * once here gives the node's painless engine what a distribution's node has.
   */
  private static void loadPainlessExtensions() {
    new PainlessPlugin()
        .loadExtensions(
            new org.opensearch.plugins.ExtensiblePlugin.ExtensionLoader() {
              @Override
              public <T> List<T> loadExtensions(Class<T> type) {
                List<T> found = new ArrayList<>();
                ServiceLoader.load(type, LocalOpenSearchNode.class.getClassLoader()).forEach(found::add);
                return found;
              }
            });
  }

  /** Deletes a directory and everything under it, deepest first; reports what it could not delete. */
  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          System.err.println("could not delete " + path + ": " + e);
        }
      });
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }

  /** Exits (running the shutdown hook) once standard input reaches its end. */
  private static void watchStandardInput() {
    Thread watcher =
        new Thread(
            () -> {
              try (InputStream in = System.in) {
                while (in.read() != -1) {
                  // Nothing is expected on standard input; only its end matters.
                }
              } catch (IOException e) {
                System.err.println("standard input failed: " + e);
              }
              System.exit(0);
            },
            "local-node-stdin");
    watcher.setDaemon(true);
    watcher.start();
  }
}
