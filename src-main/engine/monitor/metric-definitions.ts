import type { Registry } from 'prom-client';
import { Counter, Gauge, Histogram } from 'prom-client';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const longBuckets = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

export interface QuarryMetrics {
  ingest: {
    files: Counter<'status'>;
    bytes: Counter<string>;
    chunks: Counter<string>;
    documents: Counter<string>;
    failures: Counter<'reason'>;
    jobs: Counter<'status'>;
    jobDuration: Histogram<never>;
    queueDepth: Gauge<string>;
    jobsRunning: Gauge<string>;
    throughput: Gauge<string>;
  };
  retrieval: {
    stageDuration: Histogram<'stage'>;
    emptyResults: Counter<string>;
    passages: Histogram<never>;
    searches: Counter<'mode'>;
  };
  answers: {
    total: Counter<'provider' | 'outcome'>;
    timeToFirstToken: Histogram<'provider'>;
    duration: Histogram<'provider'>;
    tokensPerSecond: Histogram<'provider'>;
    tokensIn: Counter<'provider' | 'model'>;
    tokensOut: Counter<'provider' | 'model'>;
    cost: Counter<'provider' | 'model'>;
    failures: Counter<'code' | 'provider'>;
    noAnswer: Counter<string>;
    citations: Histogram<never>;
    inFlight: Gauge<string>;
    cancellations: Counter<string>;
  };
  router: {
    decisions: Counter<'reason' | 'target'>;
    duration: Histogram<string>;
    fallbacks: Counter<'from' | 'to'>;
  };
  providers: {
    circuitState: Gauge<'provider'>;
    requests: Counter<'provider' | 'outcome' | 'kind'>;
    requestDuration: Histogram<'provider' | 'kind'>;
    retries: Counter<'provider'>;
    timeouts: Counter<'provider'>;
    bytesSent: Counter<'provider'>;
  };
  cache: {
    hits: Counter<'cache'>;
    misses: Counter<'cache'>;
    evictions: Counter<'cache'>;
    entries: Gauge<'cache'>;
    sizeBytes: Gauge<'cache'>;
    hitLatency: Gauge<'cache' | 'quantile'>;
    redisErrors: Counter<string>;
  };
  storage: {
    dbBytes: Gauge<string>;
    walBytes: Gauge<string>;
    documents: Gauge<string>;
    chunks: Gauge<string>;
    collections: Gauge<string>;
  };
  process: {
    residentMemory: Gauge<string>;
    heapUsed: Gauge<string>;
    eventLoopLag: Gauge<string>;
    eventLoopLagMax: Gauge<string>;
    cpu: Counter<string>;
    cpuRatio: Gauge<string>;
    uptime: Gauge<string>;
  };
  monitor: {
    alertsFiring: Gauge<string>;
    alertsPending: Gauge<string>;
    notifications: Counter<'outcome' | 'channel'>;
    samplerDuration: Histogram<never>;
    auditEntries: Counter<'action'>;
  };
}

/**
 * Every metric Quarry exposes, on its own registry (never prom-client's global one, so two engines in
 * one process, as in tests, do not collide). Names follow Prometheus conventions: base units,
 * `_total` on counters, `_seconds` and `_bytes` suffixes.
 */
export function defineMetrics(registry: Registry): QuarryMetrics {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name: `quarry_${name}`, help, labelNames, registers: [registry] });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name: `quarry_${name}`, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[] = [], buckets = latencyBuckets) =>
    new Histogram<L>({ name: `quarry_${name}`, help, labelNames, buckets, registers: [registry] });

  return {
    ingest: {
      files: counter('ingest_files_total', 'Files the ingestion queue finished, by outcome.', ['status']),
      bytes: counter('ingest_bytes_total', 'Bytes of files read and indexed.'),
      chunks: counter('ingest_chunks_total', 'Chunks written to the index.'),
      documents: counter('ingest_documents_total', 'Documents added or replaced.'),
      failures: counter('ingest_failures_total', 'Files that could not be ingested, by reason (error code).', ['reason']),
      jobs: counter('ingest_jobs_total', 'Ingestion jobs finished, by final status.', ['status']),
      jobDuration: histogram('ingest_job_duration_seconds', 'Wall time of ingestion jobs.', [], longBuckets),
      queueDepth: gauge('ingest_queue_depth', 'Files waiting or in progress across unfinished ingestion jobs.'),
      jobsRunning: gauge('ingest_jobs_running', 'Ingestion jobs queued or running.'),
      throughput: gauge('ingest_throughput_bytes_per_second', 'Read rate of the most recent ingestion job.'),
    },
    retrieval: {
      stageDuration: histogram(
        'retrieval_stage_duration_seconds',
        'Time spent per retrieval stage (keyword, dense, fusion, rerank, total).',
        ['stage'],
      ),
      emptyResults: counter('retrieval_empty_results_total', 'Questions for which retrieval found no passage.'),
      passages: histogram('retrieval_passages', 'Passages retrieved per question.', [], [0, 1, 2, 4, 6, 10, 20, 50]),
      searches: counter('retrieval_searches_total', 'Searches run, by mode.', ['mode']),
    },
    answers: {
      total: counter('answers_total', 'Answers finished, by provider and outcome.', ['provider', 'outcome']),
      timeToFirstToken: histogram('answer_time_to_first_token_seconds', 'Time from the question to the first streamed token.', [
        'provider',
      ]),
      duration: histogram(
        'answer_duration_seconds',
        'Time from the question to the whole answer.',
        ['provider'],
        [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      ),
      tokensPerSecond: histogram(
        'answer_tokens_per_second',
        'Streaming speed of answers.',
        ['provider'],
        [1, 5, 10, 20, 40, 80, 160, 500, 2000],
      ),
      tokensIn: counter('answer_tokens_in_total', 'Prompt tokens sent to answer models.', ['provider', 'model']),
      tokensOut: counter('answer_tokens_out_total', 'Tokens generated by answer models.', ['provider', 'model']),
      cost: counter('answer_cost_usd_total', 'Estimated spend on paid models, in US dollars.', ['provider', 'model']),
      failures: counter('answer_failures_total', 'Answers that failed, by provider and error code.', ['provider', 'code']),
      noAnswer: counter('answer_no_answer_total', 'Answers where the library held nothing relevant.'),
      citations: histogram('answer_citations', 'Citations per answer.', [], [0, 1, 2, 3, 5, 8, 13]),
      inFlight: gauge('answers_in_flight', 'Answers being generated now.'),
      cancellations: counter('answer_cancellations_total', 'Answers stopped by the user.'),
    },
    router: {
      decisions: counter('router_decisions_total', 'Routing decisions, by target and reason.', ['target', 'reason']),
      duration: histogram('router_decision_duration_seconds', 'Time the router took to choose a model (health checks included).'),
      fallbacks: counter(
        'router_fallbacks_total',
        'Requests that fell back to another target, by the target that failed and the one used.',
        ['from', 'to'],
      ),
    },
    providers: {
      circuitState: gauge(
        'provider_circuit_state',
        'Provider health and breaker: 0 healthy, 1 degraded (half-open or retrying), 2 open, 3 unreachable, 4 disabled.',
        ['provider'],
      ),
      requests: counter('provider_requests_total', 'Calls to model providers, by provider, kind and outcome.', [
        'provider',
        'kind',
        'outcome',
      ]),
      requestDuration: histogram('provider_request_duration_seconds', 'Latency of model provider calls.', ['provider', 'kind']),
      retries: counter('provider_retries_total', 'Retried provider calls.', ['provider']),
      timeouts: counter('provider_timeouts_total', 'Provider calls that timed out.', ['provider']),
      bytesSent: counter('provider_bytes_sent_total', 'Bytes of text sent to remote providers.', ['provider']),
    },
    cache: {
      hits: counter('cache_hits_total', 'Cache hits, by cache.', ['cache']),
      misses: counter('cache_misses_total', 'Cache misses, by cache.', ['cache']),
      evictions: counter('cache_evictions_total', 'Entries evicted, by cache.', ['cache']),
      entries: gauge('cache_entries', 'Entries held, by cache.', ['cache']),
      sizeBytes: gauge('cache_size_bytes', 'Bytes held, by cache.', ['cache']),
      hitLatency: gauge(
        'cache_hit_latency_seconds',
        'Time to serve a cache hit, by cache and quantile (from the cache’s own latency histogram).',
        ['cache', 'quantile'],
      ),
      redisErrors: counter('cache_redis_errors_total', 'Team Redis reads or writes that failed.'),
    },
    storage: {
      dbBytes: gauge('db_size_bytes', 'Size of the library file.'),
      walBytes: gauge('db_wal_size_bytes', 'Size of the write-ahead log.'),
      documents: gauge('documents', 'Documents in the library.'),
      chunks: gauge('chunks', 'Chunks in the library.'),
      collections: gauge('collections', 'Collections in the library.'),
    },
    process: {
      residentMemory: gauge('process_resident_memory_bytes', 'Resident memory of the engine process.'),
      heapUsed: gauge('process_heap_used_bytes', 'V8 heap in use.'),
      eventLoopLag: gauge('event_loop_lag_seconds', 'Mean event-loop delay since the previous sample.'),
      eventLoopLagMax: gauge('event_loop_lag_max_seconds', 'Worst event-loop delay since the previous sample.'),
      cpu: counter('process_cpu_seconds_total', 'CPU time used by the process (user + system).'),
      cpuRatio: gauge('process_cpu_ratio', 'Share of one core used since the previous sample.'),
      uptime: gauge('process_uptime_seconds', 'Seconds since the engine started.'),
    },
    monitor: {
      alertsFiring: gauge('alerts_firing', 'Alert rules firing now.'),
      alertsPending: gauge('alerts_pending', 'Alert rules pending (condition true, duration not yet reached).'),
      notifications: counter('alert_notifications_total', 'Alert deliveries, by channel kind and outcome.', ['channel', 'outcome']),
      samplerDuration: histogram(
        'sampler_duration_seconds',
        'Cost of one sampler pass (collect, write, roll up).',
        [],
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      ),
      auditEntries: counter('audit_entries_total', 'Audit log entries written, by action.', ['action']),
    },
  };
}
