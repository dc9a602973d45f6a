/**
 * The tracker (seed-reference §4, its bugs fixed): the registry of groups and storage nodes, join
 * and heartbeat handling with per-node offline detection on the tracker's own clock, sticky
 * user-to-group routing, and node selection. Layers: {@code domain} (entities and the pure rules:
 * live state, selection, the groups text), {@code application} (the use cases, free of Jakarta EE
 * so they are unit-tested), {@code infrastructure} (JPA stores, caches, the TCP endpoint and the
 * start-up bean).
 */
package org.mediadfs.tracker;
