package dev.coffer.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The shared server answers over TCP with a checked password, and databases do not share tables. */
class PostgresServerTest {
    private final PostgresServer pg = PostgresServer.shared();

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.user(), pg.password());
    }

    @Test
    void answersSelectOneOnTheDefaultDatabase() throws Exception {
        assertThat(pg.url()).isEqualTo("postgresql://coffer:secret@127.0.0.1:" + pg.port() + "/coffer");
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select 1, current_user, version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("coffer");
            assertThat(rs.getString(3)).startsWith("PostgreSQL 15.");
        }
    }

    @Test
    void refusesAWrongPassword() {
        // scram over TCP: a test that passes by accident with a wrong password would prove nothing.
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "wrong")
                        .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void databasesAreIsolated() throws Exception {
        String a = pg.createDatabase();
        String b = pg.createDatabase();
        assertThat(a).isNotEqualTo(b).startsWith("postgresql://coffer:secret@127.0.0.1:" + pg.port() + "/");
        String dbA = a.substring(a.lastIndexOf('/') + 1);
        String dbB = b.substring(b.lastIndexOf('/') + 1);

        try (Connection c = connect(dbA);
                Statement st = c.createStatement()) {
            st.execute("create table blobs (key text primary key)");
            st.execute("insert into blobs values ('chunks/ab/1')");
        }
        try (Connection c = connect(dbB);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) from pg_tables where tablename = 'blobs'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("table of database A seen from B").isZero();
        }
        try (Connection c = connect(dbA);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select key from blobs")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("chunks/ab/1");
        }
    }

    @Test
    void refusesDatabaseNamesThatWouldNeedQuoting() {
        assertThatThrownBy(() -> pg.createDatabase("x; drop database coffer"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
