package io.jgr.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jgr.sql.engine.Column;
import io.jgr.sql.engine.ColumnType;
import io.jgr.sql.engine.Result;
import io.jgr.sql.engine.Session;
import io.jgr.store.account.Privilege;
import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Admin statements and virtual schemas answered by other parts of the server, before H2. */
class StatementHandlerTest {
    @TempDir
    Path dir;

    @Test
    void handlersAnswerTheirStatementsAndPassTheRest() throws Exception {
        try (EngineFixture f = new EngineFixture(dir)) {
            f.engine.addStatementHandler(Set.of("START", "STOP"), Set.of(), (ctx, sql, tokens) -> {
                if (tokens.size() > 1 && tokens.get(1).is("GROUP_REPLICATION")) {
                    ctx.requireGlobal(Privilege.GROUP_REPLICATION_ADMIN, Privilege.SUPER);
                    return Optional.of(Result.Ok.EMPTY);
                }
                return Optional.empty();
            });
            f.engine.addStatementHandler(Set.of(), Set.of("performance_schema"), (ctx, sql, tokens) -> Optional.of(
                    new Result.Rows(List.of(Column.computed("MEMBER_STATE", ColumnType.VAR_STRING, Column.CHARSET_UTF8MB4, 64, 0, 0)),
                            List.<Object[]>of(new Object[] {"ONLINE"}))));
            try (Session root = f.root()) {
                assertThat(root.execute("START GROUP_REPLICATION")).isEqualTo(Result.Ok.EMPTY);
                root.execute("START TRANSACTION");
                assertThat(root.inTransaction()).isTrue();
                root.execute("COMMIT");
                assertThat(EngineFixture.scalar(root, "SELECT MEMBER_STATE FROM performance_schema.replication_group_members"))
                        .isEqualTo("ONLINE");
                root.execute("CREATE USER app@'%' IDENTIFIED BY 'x'");
            }
            try (Session app = f.as("app", InetAddress.getByName("192.0.2.1"), null)) {
                assertThatThrownBy(() -> app.execute("STOP GROUP_REPLICATION"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1227))
                        .hasMessage("Access denied; you need (at least one of) the GROUP_REPLICATION_ADMIN or SUPER privilege(s) for this operation");
            }
        }
    }
}
