package org.mediadfs.web.endpoint;

import jakarta.ejb.Singleton;
import jakarta.enterprise.concurrent.ManagedThreadFactoryDefinition;
import org.mediadfs.id.infrastructure.IdServer;
import org.mediadfs.tracker.infrastructure.endpoint.TrackerServer;

/**
 * Defines the virtual-thread factories of the tracker's and the ID server's TCP endpoints (Jakarta
 * Concurrency 3.1, {@code virtual = true}): every connection gets a virtual thread that carries the
 * application's context into the beans it calls. The definitions live here, on a component class of
 * the web module, because Payara does not register resource definitions found on beans in {@code
 * WEB-INF/lib} jars before those beans look them up (seen on Payara Micro 7.2025.1: "Lookup failed
 * for 'java:app/concurrent/...'"). The names are {@code java:app}, so the EJB modules find them in
 * the WAR and in the EAR alike.
 */
@Singleton
@ManagedThreadFactoryDefinition(name = TrackerServer.THREADS, virtual = true)
@ManagedThreadFactoryDefinition(name = IdServer.THREADS, virtual = true)
public class EndpointThreads {}
