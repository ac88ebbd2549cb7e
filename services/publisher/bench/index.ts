// What the repository's benchmark table (`bench/`) uses of the publisher's benchmark: `@li-bus/publisher/bench`.
export { measurePipeline, type PipelineFigures, type PipelineOptions } from './pipeline.ts';
export { startBenchInfra, type BenchInfra } from './bench-setup.ts';
export type { Batch, Contender, ContenderFactory } from './contender.ts';
export { countdown, pace } from './pace.ts';
export { median, quantile } from './stats.ts';
// The bare baselines post with the publisher's own LinkedIn client and body, so only the pipeline differs.
export { createPostsClient } from '../src/linkedin/posts-client.ts';
export { buildPostBody } from '../src/post-body.ts';
export { measureSchedules, type SchedulesFigures, type SchedulesOptions } from './schedules.ts';
