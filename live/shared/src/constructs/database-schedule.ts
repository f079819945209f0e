import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { Construct } from 'constructs';

/** EventBridge Scheduler's universal target for the RDS API (no Lambda in between). */
export const RDS_STOP_TARGET = 'arn:aws:scheduler:::aws-sdk:rds:stopDBInstance';
export const RDS_START_TARGET = 'arn:aws:scheduler:::aws-sdk:rds:startDBInstance';

/** The database starts this long before office hours, so the API finds it available. */
export const DATABASE_START_LEAD_MINUTES = 15;

export interface DatabaseScheduleProps {
  /** Prefix of the schedule and role names, `lq3-<env>-mysql`. */
  readonly name: string;
  /** DB instance identifier the calls name. */
  readonly dbInstanceIdentifier: string;
  /** ARN of that instance: the only resource the role may stop and start. */
  readonly dbInstanceArn: string;
  readonly accountId: string;
  /** Customer-managed key the schedules are encrypted with (its policy admits scheduler.amazonaws.com). */
  readonly kmsKeyArn: string;
  /**
   * When the database runs: started on `days` at `start` (minus the lead), stopped every day at
   * `end`. Without office hours the database only stops (a switched-off env).
   */
  readonly officeHours?: { readonly timezone: string; readonly days: string; readonly start: string; readonly end: string };
}

/**
 * Stops a DB instance outside office hours and starts it before them, with EventBridge
 * Scheduler calling the RDS API directly. RDS starts a stopped instance again after seven
 * days, so the stop call repeats: every evening (weekends too, which also stops a database
 * someone started by hand) while the env has office hours, every hour while it is switched
 * off. A stop call on a stopped instance fails harmlessly (InvalidDBInstanceState).
 */
export class DatabaseSchedule extends Construct {
  readonly roleArn: string;
  readonly stopScheduleName: string;
  readonly startScheduleName?: string;

  constructor(scope: Construct, id: string, props: DatabaseScheduleProps) {
    super(scope, id);
    const role = new IamRole(this, 'role', {
      name: `${props.name}-schedule`,
      description: `EventBridge Scheduler stops and starts ${props.dbInstanceIdentifier}`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': props.accountId } },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'policy', {
      role: role.name,
      name: 'stop-and-start-the-database',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Sid: 'ThisInstanceOnly', Effect: 'Allow', Action: ['rds:StopDBInstance', 'rds:StartDBInstance'], Resource: props.dbInstanceArn }],
      }),
    });
    this.roleArn = role.arn;

    const call = (suffix: string, arn: string, expression: string, timezone: string, description: string) =>
      new SchedulerSchedule(this, suffix, {
        name: `${props.name}-${suffix}`,
        description,
        scheduleExpression: expression,
        scheduleExpressionTimezone: timezone,
        kmsKeyArn: props.kmsKeyArn,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn,
          roleArn: role.arn,
          input: JSON.stringify({ DbInstanceIdentifier: props.dbInstanceIdentifier }),
          // A call that fails because the instance is busy (backing up, starting) is tried again
          // for a while; the next scheduled call covers anything longer.
          retryPolicy: { maximumRetryAttempts: 10, maximumEventAgeInSeconds: 3600 },
        },
      });

    const hours = props.officeHours;
    if (hours) {
      const [endHour, endMinute] = hours.end.split(':').map(Number);
      const stop = call('stop', RDS_STOP_TARGET, `cron(${endMinute} ${endHour} ? * * *)`, hours.timezone, `Stops ${props.dbInstanceIdentifier} at the end of office hours, every day`);
      const startAt = Math.max(0, minutesOfDay(hours.start) - DATABASE_START_LEAD_MINUTES);
      const start = call(
        'start',
        RDS_START_TARGET,
        `cron(${startAt % 60} ${Math.floor(startAt / 60)} ? * ${hours.days} *)`,
        hours.timezone,
        `Starts ${props.dbInstanceIdentifier} before office hours (${hours.days} ${hours.start})`,
      );
      this.stopScheduleName = stop.name;
      this.startScheduleName = start.name;
    } else {
      const stop = call('stop', RDS_STOP_TARGET, 'rate(1 hour)', 'UTC', `Keeps ${props.dbInstanceIdentifier} stopped while the env is switched off (RDS restarts it after 7 days)`);
      this.stopScheduleName = stop.name;
    }
  }
}

function minutesOfDay(time: string): number {
  const [hour, minute] = time.split(':').map(Number);
  return hour * 60 + minute;
}
