/**
 * The web tier and the one WAR that carries the whole Payara application (tracker, ID server, web)
 * onto Payara Micro. {@code db}: the application's datasource, chosen by configuration (embedded H2
 * by default, MySQL/MariaDB when {@code mediadfs.db.url} says so).
 */
package org.mediadfs.web;
