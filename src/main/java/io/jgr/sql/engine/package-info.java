/**
 * The seam between the MySQL protocol server ({@code io.jgr.sql.protocol}) and the SQL engine
 * behind it ({@code io.jgr.store}). The protocol side authenticates a client against an
 * {@link io.jgr.sql.engine.Account}, opens a {@link io.jgr.sql.engine.Session} and encodes what
 * it returns; the engine side knows nothing about packets.
 *
 * <p>Errors: every {@link java.sql.SQLException} that leaves this package's interfaces carries
 * MySQL's error number as {@code getErrorCode()}, MySQL's SQLSTATE as {@code getSQLState()} and
 * MySQL's text as {@code getMessage()} (see {@link io.jgr.sql.error.MySqlError}).
 */
package io.jgr.sql.engine;
