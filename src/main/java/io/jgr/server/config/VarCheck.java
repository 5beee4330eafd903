package io.jgr.server.config;

import java.sql.SQLException;

/**
 * A rule a new value must pass, after it was converted to the variable's type: Boolean for BOOL,
 * Long for INT/ULONG, String for ENUM/SET/STRING, null for SQL NULL. Throws MySQL's error, changes
 * nothing. Checks of the definition run for every SET; validators added at run time
 * ({@link SystemVariables#addValidator}) run for global changes only.
 */
@FunctionalInterface
public interface VarCheck {
    void check(VarDef def, Object value) throws SQLException;
}
