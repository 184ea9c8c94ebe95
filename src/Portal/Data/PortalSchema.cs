namespace Portal.Data;

/// <summary>
/// The portal's tables, one text for SQLite and PostgreSQL. Times are <see cref="DateTimeOffset.UtcTicks"/> in a
/// bigint (see <see cref="DbTime"/>): exact round trips and ordering, the same SQL on both. Flags are booleans
/// (SQLite keeps them as 0/1). Enums are stored by name, the request as camelCase JSON, so rows read well in psql
/// or sqlite3.
/// </summary>
public static class PortalSchema
{
    /// <summary>Each statement creates what is missing and leaves what exists alone.</summary>
    /// <param name="autoIncrementKey">The provider's spelling of an increasing integer primary key.</param>
    public static IReadOnlyList<string> Statements(string autoIncrementKey) =>
    [
        """
        CREATE TABLE IF NOT EXISTS operations (
            id text PRIMARY KEY,
            kind text NOT NULL,
            environment text NOT NULL,
            request text NOT NULL,
            state text NOT NULL,
            created_at bigint NOT NULL,
            started_at bigint,
            ended_at bigint,
            outcome text,
            cancel_requested boolean NOT NULL DEFAULT FALSE,
            active boolean NOT NULL)
        """,
        // The one-active-operation-per-environment rule, enforced by the database itself, so that two portal
        // processes racing for an environment cannot both win.
        "CREATE UNIQUE INDEX IF NOT EXISTS operations_one_active_per_environment ON operations (environment) WHERE active",
        "CREATE INDEX IF NOT EXISTS operations_by_created ON operations (created_at, id)",
        "CREATE INDEX IF NOT EXISTS operations_by_environment_kind ON operations (environment, kind, created_at)",
        """
        CREATE TABLE IF NOT EXISTS operation_steps (
            operation_id text NOT NULL REFERENCES operations (id),
            idx integer NOT NULL,
            name text NOT NULL,
            state text NOT NULL,
            message text,
            started_at bigint NOT NULL,
            ended_at bigint,
            data text,
            PRIMARY KEY (operation_id, idx))
        """,
        $"""
        CREATE TABLE IF NOT EXISTS audit_events (
            id {autoIncrementKey},
            at bigint NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            outcome text NOT NULL,
            source_address text,
            target text,
            detail text)
        """,
        "CREATE INDEX IF NOT EXISTS audit_events_by_at ON audit_events (at, id)",
        """
        CREATE TABLE IF NOT EXISTS schedules (
            id text PRIMARY KEY,
            environment text NOT NULL,
            region text,
            pause_cron text NOT NULL,
            resume_cron text NOT NULL,
            time_zone text NOT NULL,
            enabled boolean NOT NULL,
            updated_at bigint NOT NULL,
            updated_by text NOT NULL)
        """,
        // Beside the tables above rather than new columns in them: a data folder or database an older portal wrote
        // gains these on first start (CREATE ... IF NOT EXISTS), with no ALTER to run.
        // The job engine's job for each operation, and the fencing lease: the worker that took the operation last
        // holds the highest generation, and only it may act.
        """
        CREATE TABLE IF NOT EXISTS operation_jobs (
            operation_id text PRIMARY KEY REFERENCES operations (id),
            job_id text,
            owner text,
            lease bigint NOT NULL DEFAULT 0)
        """,
        // Per schedule and action, the latest fire handled (its scheduled time): once per fire, across instances.
        """
        CREATE TABLE IF NOT EXISTS schedule_fires (
            schedule_id text NOT NULL,
            action text NOT NULL,
            handled_at bigint NOT NULL,
            PRIMARY KEY (schedule_id, action))
        """,
        // Drill schedules (a drill of one region on a cron) and each fire's outcome, keyed by its scheduled time: the
        // insert that records a fire is what claims it, once across instances.
        """
        CREATE TABLE IF NOT EXISTS drill_schedules (
            id text PRIMARY KEY,
            environment text NOT NULL,
            region text NOT NULL,
            kind text NOT NULL,
            hold_seconds bigint,
            cron text NOT NULL,
            time_zone text NOT NULL,
            enabled boolean NOT NULL,
            updated_at bigint NOT NULL,
            updated_by text NOT NULL,
            confirmed_by text)
        """,
        """
        CREATE TABLE IF NOT EXISTS drill_schedule_runs (
            schedule_id text NOT NULL,
            due_at bigint NOT NULL,
            recorded_at bigint NOT NULL,
            outcome text NOT NULL,
            operation_id text,
            detail text NOT NULL,
            PRIMARY KEY (schedule_id, due_at))
        """,
        // One-time changes to stored data, by name (e.g. the crons' move to Cronos's dialect), each done once.
        "CREATE TABLE IF NOT EXISTS data_migrations (name text PRIMARY KEY, done_at bigint NOT NULL)",
        // Cookie sign-ins, so the server can end one (sign-out) or all of a user's (sign out everywhere): the cookie
        // holds only the id, checked against this row.
        """
        CREATE TABLE IF NOT EXISTS sessions (
            id text PRIMARY KEY,
            user_name text NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL,
            revoked_at bigint)
        """,
        "CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (user_name)",
        "CREATE INDEX IF NOT EXISTS sessions_by_expiry ON sessions (expires_at)",
        // The cluster's one status collector (PostgreSQL; a single SQLite instance always collects itself): the lease,
        // expiring on the database's clock so that instances with skewed clocks agree, its generation raised at each
        // change of hands to refuse a former holder's late publish.
        """
        CREATE TABLE IF NOT EXISTS collector_lease (
            name text PRIMARY KEY,
            owner text NOT NULL,
            generation bigint NOT NULL,
            expires_at timestamptz NOT NULL)
        """,
        // The collector's latest facts of every region and its throttling lines (JSON) under an increasing version the other
        // instances follow.
        """
        CREATE TABLE IF NOT EXISTS collector_state (
            name text PRIMARY KEY,
            version bigint NOT NULL,
            collected_by text NOT NULL,
            published_at bigint NOT NULL,
            regions text NOT NULL,
            throttling text NOT NULL DEFAULT '[]')
        """,
        // Chart points as the collector changed them (a null value: dropped), each with the version that published it.
        """
        CREATE TABLE IF NOT EXISTS collector_metric_points (
            environment text NOT NULL,
            region text NOT NULL,
            series text NOT NULL,
            at bigint NOT NULL,
            value double precision,
            version bigint NOT NULL,
            PRIMARY KEY (environment, region, series, at))
        """,
        "CREATE INDEX IF NOT EXISTS collector_metric_points_by_version ON collector_metric_points (version)",
    ];
}
