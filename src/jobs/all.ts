import { heartbeatJob } from '../ops/heartbeatJob.ts';
import type { JobDefinition } from './registry.ts';
import { notifyJobs } from '../notify/jobs.ts';
import { detectionJob } from '../detection/jobs.ts';
import { followupJobs } from '../followups/jobs.ts';
import { trackerJobs } from '../trackers/jobs.ts';
import { connectorJobs } from '../inquiries/connectors/jobs.ts';
import { fixesJobs } from '../fixes/jobs.ts';

/** Every job the worker runs; each module adds its own here. */
export const allJobs: JobDefinition[] = [heartbeatJob];
allJobs.push(...notifyJobs);
allJobs.push(detectionJob);
allJobs.push(...trackerJobs);
allJobs.push(...followupJobs);
allJobs.push(...connectorJobs);
allJobs.push(...fixesJobs);
