package io.prodlab.store;

import java.util.List;

/**
 * The numbered schema migrations. Migration {@code n} (1-based) takes a workspace from schema
 * version {@code n-1} to {@code n}; each runs in its own transaction and is recorded in
 * {@code schema_version}. Never edit a migration that has shipped: add a new one.
 */
final class Migrations {
    private Migrations() {
    }

    /** Column names are a contract: users query them with {@code prodlab query}. */
    static final List<String> ALL = List.of(
            // 1: imports, spans, events, links, rejected records.
            """
            create sequence import_id_seq start 1;
            create table imports (
                import_id     bigint primary key,
                path          varchar not null,
                sha256        varchar not null,
                format        varchar not null,
                bytes         bigint not null,
                spans         bigint not null default 0,
                events        bigint not null default 0,
                links         bigint not null default 0,
                metric_points bigint not null default 0,
                annotations   bigint not null default 0,
                exposures     bigint not null default 0,
                rejected      bigint not null default 0,
                status        varchar not null,
                message       varchar,
                started_at    timestamptz not null,
                finished_at   timestamptz
            );
            create table spans (
                trace_id        varchar not null,
                span_id         varchar not null,
                parent_span_id  varchar not null,
                service_name    varchar not null,
                service_version varchar not null,
                name            varchar not null,
                kind            varchar not null,
                start_ns        bigint not null,
                end_ns          bigint not null,
                duration_ns     bigint not null,
                status          varchar not null,
                status_message  varchar not null,
                attributes      json not null,
                resource        json not null,
                scope_name      varchar not null,
                scope_version   varchar not null,
                trace_state     varchar not null,
                import_id       bigint not null
            );
            create table span_events (
                trace_id   varchar not null,
                span_id    varchar not null,
                time_ns    bigint not null,
                name       varchar not null,
                attributes json not null,
                import_id  bigint not null
            );
            create table span_links (
                trace_id        varchar not null,
                span_id         varchar not null,
                linked_trace_id varchar not null,
                linked_span_id  varchar not null,
                trace_state     varchar not null,
                attributes      json not null,
                import_id       bigint not null
            );
            create table rejected (
                import_id bigint not null,
                file      varchar not null,
                location  varchar not null,
                reason    varchar not null,
                excerpt   varchar not null
            );
            """,
            // 2: the tables of the other signals (logs, metric points, annotations, exposures), and
            // the per-file counts of log records and of spans that arrived twice.
            """
            alter table imports add column logs bigint not null default 0;
            alter table imports add column duplicates bigint not null default 0;
            create table logs (
                time_ns          bigint not null,
                observed_time_ns bigint not null,
                severity_number  integer not null,
                severity_text    varchar not null,
                body             varchar not null,
                attributes       json not null,
                resource         json not null,
                service_name     varchar not null,
                scope_name       varchar not null,
                trace_id         varchar not null,
                span_id          varchar not null,
                event_name       varchar not null,
                import_id        bigint not null
            );
            create table metric_points (
                name            varchar not null,
                type            varchar not null,
                unit            varchar not null,
                description     varchar not null,
                start_time_ns   bigint not null,
                time_ns         bigint not null,
                value           double,
                count           bigint,
                min             double,
                max             double,
                temporality     varchar not null,
                monotonic       boolean,
                bucket_bounds   double[],
                bucket_counts   bigint[],
                quantiles       double[],
                quantile_values double[],
                attributes      json not null,
                resource        json not null,
                service_name    varchar not null,
                scope_name      varchar not null,
                exemplars       json not null,
                import_id       bigint not null
            );
            create table annotations (
                kind       varchar not null,
                name       varchar not null,
                start_ns   bigint not null,
                end_ns     bigint,
                target     varchar not null,
                attributes json not null,
                import_id  bigint not null
            );
            create table exposures (
                unit_id      varchar not null,
                flag_key     varchar not null,
                variant      varchar not null,
                time_ns      bigint not null,
                reason       varchar not null,
                flag_version varchar not null,
                trace_id     varchar not null,
                attributes   json not null,
                import_id    bigint not null
            );
            """,
            // 3: pre-registered experiment plans, the deviations seen since, and every look at a result.
            """
            create sequence experiment_id_seq start 1;
            create table experiments (
                experiment_id bigint primary key,
                name          varchar not null unique,
                plan_sha256   varchar not null,
                plan_text     varchar not null,
                plan_json     json not null,
                registered_at timestamptz not null
            );
            create table experiment_deviations (
                experiment_id bigint not null,
                seen_at       timestamptz not null,
                plan_sha256   varchar not null,
                field         varchar not null,
                registered    varchar not null,
                changed_to    varchar not null
            );
            create table experiment_looks (
                experiment_id bigint not null,
                looked_at     timestamptz not null,
                plan_sha256   varchar not null,
                verdict       varchar not null
            );
            """,
            // 4: what exporters say of a span besides its content: flags and dropped counts (io.prodlab.model.SpanFlags).
            """
            alter table spans add column flags integer not null default 0;
            alter table spans add column dropped_attributes integer not null default 0;
            alter table spans add column dropped_events integer not null default 0;
            alter table spans add column dropped_links integer not null default 0;
            """);

    /** The schema version this build writes. */
    static int latest() {
        return ALL.size();
    }
}
