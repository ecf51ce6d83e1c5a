/**
 * High availability: an embedded primary with streaming replicas to fail over ({@link
 * dev.stampede.engine.ha.EmbeddedCluster}), and the per-host role and health checks a multi-host
 * target routes by ({@link dev.stampede.engine.ha.HostMonitor}).
 */
package dev.stampede.engine.ha;
