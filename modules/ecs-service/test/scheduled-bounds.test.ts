/** Scale-to-zero at night must not be undone by the next plan. */
import { synth, WEB } from './helpers';

const scaling = { minCapacity: 1, maxCapacity: 3, cpuTargetPercent: 60 };

describe('EcsService scaling bounds and scheduled actions', () => {
  test('with scheduled actions, the target ignores the bounds the schedule moves', () => {
    const target = synth({ ...WEB, autoScaling: { ...scaling, scheduledActions: [{ name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', minCapacity: 0, maxCapacity: 0 }] } }).only('aws_appautoscaling_target');
    expect(target).toMatchObject({ min_capacity: 1, max_capacity: 3, lifecycle: { ignore_changes: ['min_capacity', 'max_capacity'] } });
  });

  test('without them, Terraform keeps managing the bounds', () => {
    expect(synth({ ...WEB, autoScaling: scaling }).only('aws_appautoscaling_target')).not.toHaveProperty('lifecycle');
  });
});
