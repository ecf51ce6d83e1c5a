package dev.stampede.engine.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection that is only opened, pinged and closed: what hold keeps and what {@code connect()} churns
 * (a ping, an occasional query, close).
 * Either the {@link LeanConnection lean wire-protocol client} or a pgjdbc connection ({@link #of(Connection)}).
 */
public interface BareConnection extends dev.stampede.engine.session.HeldConnections.Held {

    /** Runs {@code SELECT 1}. */
    void ping() throws SQLException;

    /** Runs one query and returns its rows as text. */
    List<List<String>> query(String sql) throws SQLException;

    /** Closes the connection; never throws. */
    @Override
    void close();

    /** A pgjdbc connection seen as a held one. */
    static BareConnection of(Connection c) {
        return new BareConnection() {
            @Override
            public void ping() throws SQLException {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            }

            @Override
            public List<List<String>> query(String sql) throws SQLException {
                List<List<String>> rows = new ArrayList<>();
                try (Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        List<String> row = new ArrayList<>(n);
                        for (int i = 1; i <= n; i++) row.add(rs.getString(i));
                        rows.add(row);
                    }
                }
                return rows;
            }

            @Override
            public void close() {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already broken
                }
            }
        };
    }
}
