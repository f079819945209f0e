import { Dashboard, type DashboardProps } from '../src';
import { all, synthResources } from './helpers';

const line = (service: string) => ({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: { ClusterName: 'c', ServiceName: service }, label: service });

const PROPS: DashboardProps = {
  name: 'lq3-staging01',
  region: 'eu-central-1',
  rows: [
    { widgets: [{ type: 'alarms', title: 'Alarms', alarmArns: ['arn:aws:cloudwatch:eu-central-1:111111111111:alarm:a'] }], height: 4 },
    {
      title: 'Services',
      widgets: [
        { type: 'graph', title: 'CPU', lines: [line('web'), line('api')], yAxis: { min: 0, max: 100 }, thresholds: [{ value: 85, label: 'alarm' }] },
        { type: 'graph', title: 'Errors', stat: 'Sum', period: 60, lines: [{ ...line('api'), id: 'e', visible: false }, { expression: '100 * e', label: 'rate', id: 'r' }] },
        { type: 'text', markdown: 'see the runbook', width: 4 },
      ],
    },
  ],
};

const body = (props: DashboardProps = PROPS) => {
  const [dashboard] = all(synthResources((stack) => new Dashboard(stack, 'dashboard', props)), 'aws_cloudwatch_dashboard');
  return { name: dashboard.dashboard_name, widgets: (JSON.parse(dashboard.dashboard_body as string) as { widgets: Record<string, unknown>[] }).widgets };
};

describe('Dashboard', () => {
  const { name, widgets } = body();

  test('rows laid out top to bottom, widgets sharing the 24 columns, headings above titled rows', () => {
    expect(name).toBe('lq3-staging01');
    expect(widgets.map(({ type, x, y, width, height }) => [type, x, y, width, height])).toEqual([
      ['alarm', 0, 0, 24, 4],
      ['text', 0, 4, 24, 1],
      ['metric', 0, 5, 10, 6],
      ['metric', 10, 5, 10, 6],
      ['text', 20, 5, 4, 6],
    ]);
    expect(widgets[1].properties).toEqual({ markdown: '## Services' });
  });

  test('alarm status first, firing alarms sorted by when they changed', () => {
    expect(widgets[0].properties).toEqual({ title: 'Alarms', alarms: ['arn:aws:cloudwatch:eu-central-1:111111111111:alarm:a'], sortBy: 'stateUpdatedTimestamp' });
  });

  test('graphs in CloudWatch\'s array form, with axis, threshold lines and expressions', () => {
    expect(widgets[2].properties).toEqual({
      title: 'CPU',
      region: 'eu-central-1',
      view: 'timeSeries',
      stacked: false,
      stat: 'Average',
      period: 300,
      metrics: [
        ['AWS/ECS', 'CPUUtilization', 'ClusterName', 'c', 'ServiceName', 'web', { label: 'web' }],
        ['AWS/ECS', 'CPUUtilization', 'ClusterName', 'c', 'ServiceName', 'api', { label: 'api' }],
      ],
      yAxis: { left: { showUnits: false, min: 0, max: 100 } },
      annotations: { horizontal: [{ value: 85, label: 'alarm' }] },
    });
    expect((widgets[3].properties as { metrics: unknown[] }).metrics).toEqual([
      ['AWS/ECS', 'CPUUtilization', 'ClusterName', 'c', 'ServiceName', 'api', { label: 'api', id: 'e', visible: false }],
      [{ expression: '100 * e', label: 'rate', id: 'r' }],
    ]);
  });

  test('refuses rows wider than the grid, empty graphs, too many alarms and bad names', () => {
    const wide: DashboardProps = { ...PROPS, rows: [{ widgets: [{ type: 'text', markdown: 'a', width: 20 }, { type: 'text', markdown: 'b', width: 8 }] }] };
    expect(() => body(wide)).toThrow('Dashboard lq3-staging01: row 1 is 28 columns wide; the grid has 24');
    expect(() => body({ ...PROPS, rows: [{ widgets: [{ type: 'graph', title: 'empty', lines: [] }] }] })).toThrow('graph "empty" has no lines');
    const alarms = Array.from({ length: 101 }, (_, i) => `arn:${i}`);
    expect(() => body({ ...PROPS, rows: [{ widgets: [{ type: 'alarms', title: 'many', alarmArns: alarms }] }] })).toThrow('lists 101 alarms');
    expect(() => body({ ...PROPS, name: 'no spaces' })).toThrow('name "no spaces" must be 1-255 letters');
  });
});
