/**
 * `usage:` in env.yaml: an environment's own usage assumptions for the cost estimate
 * (tools/cost) — traffic, log volume, stored data. Synth ignores them; every field is
 * optional and overrides the same field of tools/cost/usage.yaml (defaults, and the
 * production base profile). The cost tool validates its defaults file with the same schema.
 */
import { z } from 'zod';

const amount = (description: string, max = 1_000_000) => z.number().min(0).max(max).optional().meta({ description });

export const usageSchema = z
  .object({
    alb: z
      .object({ lcuPerHour: amount('Average LCUs the ALB consumes per hour of use (load balancer capacity units).', 10_000) })
      .strict()
      .optional()
      .meta({ description: 'Load balancer traffic.' }),
    internetEgressGbPerMonth: amount('GB per month of use sent out to the internet (to Cloudflare).'),
    natGatewayGbPerMonth: amount("GB per month of use through the env's NAT gateways."),
    interfaceEndpointGbPerMonth: amount("GB per month of use through the env's VPC interface endpoints."),
    logs: z
      .object({
        appGbPerTaskMonth: amount('GB of application logs per task and month of running.'),
        databaseGbPerInstanceMonth: amount('GB of exported database logs (error, slow query) per running instance and month.'),
        enhancedMonitoringGbPerInstanceMonth: amount('GB of RDS Enhanced Monitoring per instance and month at a 60 s interval.'),
        flowLogGbPerMonth: amount('GB of VPC flow logs per VPC and month.'),
        cloudTrailGbPerMonth: amount('GB a month a CloudTrail trail delivers to CloudWatch Logs.'),
        otherGbPerGroupMonth: amount('GB per month for any other log group.'),
        storedCompressionRatio: amount('Stored (compressed) GB per ingested GB.', 1),
        storedMonthsCap: amount('Months of ingestion a log group holds at most (its retention caps it too).', 120),
      })
      .strict()
      .optional()
      .meta({ description: 'CloudWatch Logs volume.' }),
    containerInsights: z
      .object({
        metricsPerCluster: amount('Container Insights metrics per ECS cluster.', 10_000),
        metricsPerService: amount('Container Insights metrics per ECS service.', 10_000),
        logGbPerTaskMonth: amount('GB of Container Insights performance events per task and month of running.'),
      })
      .strict()
      .optional()
      .meta({ description: 'Container Insights, billed as custom metrics and log ingestion.' }),
    kmsRequestsPerKeyMonth: amount('KMS requests per key and month.', 1_000_000_000),
    s3: z
      .object({
        accessLogGbPerMonth: amount('GB of ALB access logs per month (kept for the bucket expiry).'),
        exportsGb: amount('GB stored in the exports bucket.'),
        otherGb: amount('GB stored in any other bucket.'),
      })
      .strict()
      .optional()
      .meta({ description: 'S3 storage.' }),
    database: z
      .object({
        backupChangePerDayPercent: amount('Percent of the allocated storage that changes per day (backups beyond the free amount).', 100),
        restoredStorageGb: amount("GB a restored copy allocates where the synthesized JSON cannot tell (0: the base env's allocatedStorageGb)."),
      })
      .strict()
      .optional()
      .meta({ description: 'Database storage.' }),
    cloudTrailDataEventsMillionPerMonth: amount('Million CloudTrail data events a month, for trails that record data events.'),
    guardDuty: z
      .object({
        cloudTrailEventsMillionPerMonth: amount('Million CloudTrail management events GuardDuty analyzes a month.'),
        logsGbPerMonth: amount('GB of VPC flow and DNS logs GuardDuty analyzes a month.'),
      })
      .strict()
      .optional()
      .meta({ description: 'GuardDuty, billed by what it analyzes (account layer).' }),
    jobs: z
      .object({ runMinutes: amount('Minutes one run of a scheduled job keeps its Fargate task.', 1440) })
      .strict()
      .optional()
      .meta({ description: 'Scheduled jobs.' }),
  })
  .strict();

export type UsageOverrides = z.infer<typeof usageSchema>;
