/**
 * The ID server (seed-reference §5, its bugs fixed): per key, increasing IDs handed out from memory
 * in blocks reserved in the database under a row lock, so that several ID servers may share one
 * database and a restart never repeats an ID. Layers: {@code domain} (the block row), {@code
 * application} (the allocator, free of Jakarta EE), {@code infrastructure} (JPA, the TCP endpoint
 * and its start-up bean).
 */
package org.mediadfs.id;
