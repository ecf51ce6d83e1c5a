package dev.stampede.engine.run

import dev.stampede.engine.config.Settings
import dev.stampede.engine.postgres.EmbeddedServer
import dev.stampede.engine.postgres.PostgresTarget
import spock.lang.Shared
import spock.lang.Specification

/** Specs that run against one real embedded PostgreSQL, started once per spec class. */
abstract class EmbeddedSpec extends Specification {

    @Shared
    Settings settings = Settings.load()
    @Shared
    EmbeddedServer server
    @Shared
    PostgresTarget target

    /** Server settings beyond stampede's defaults (e.g. a larger max_connections). */
    Map<String, String> serverSettings() {
        [:]
    }

    def setupSpec() {
        server = EmbeddedServer.start(settings, serverSettings())
        target = new PostgresTarget(server.connectionInfo(), settings)
    }

    def cleanupSpec() {
        server?.close()
    }
}
