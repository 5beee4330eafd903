package io.jgr.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.server.config.SessionVariables.Reference;
import io.jgr.server.config.SessionVariables.Scope;
import java.sql.SQLException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VariableReferenceTest {

    @ParameterizedTest
    @CsvSource({
        "Max_Connections, max_connections, DEFAULT",
        "GLOBAL.max_connections, max_connections, GLOBAL",
        "session.sql_mode, sql_mode, SESSION",
        "local.sql_mode, sql_mode, SESSION",
        "persist.group_replication_ssl_mode, group_replication_ssl_mode, PERSIST",
        "Persist_Only.server_id, server_id, PERSIST_ONLY",
    })
    void parsesEveryScopePrefix(String text, String name, Scope scope) {
        assertThat(Reference.parse(text)).isEqualTo(new Reference(name, scope));
    }

    @Test
    void anUnknownPrefixHasNoScope() {
        assertThat(Reference.parse("foo.bar").scope()).isNull();
    }

    @Test
    void aReadRefusesScopesOnlySetHasWith1193() throws SQLException {
        assertThat(Reference.forRead("global.x").scope()).isEqualTo(Scope.GLOBAL);
        for (String text : new String[] {"persist.x", "PERSIST_ONLY.x", "foo.x"}) {
            assertThatThrownBy(() -> Reference.forRead(text))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1193);
                        assertThat(e.getMessage()).isEqualTo("Unknown system variable '" + text.toLowerCase() + "'");
                    });
        }
    }
}
