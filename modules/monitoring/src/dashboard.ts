import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import { announceModule, refuse } from './names';

/** A metric on a graph: namespace, name, dimensions and how to aggregate it. */
export interface MetricLine {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Average`, `Sum`, `Maximum`, `p95`, ... @default the widget's `stat` */
  readonly stat?: string;
  /** Legend text. @default CloudWatch's (metric name and dimensions) */
  readonly label?: string;
  /** Id for expressions (`[a-z][a-zA-Z0-9_]*`). @default none */
  readonly id?: string;
  /** `false` hides a line that only feeds an expression. @default true */
  readonly visible?: boolean;
}

/** A metric math line, e.g. `100 * errors / requests`. */
export interface ExpressionLine {
  readonly expression: string;
  readonly label: string;
  readonly id: string;
}

export interface GraphWidget {
  readonly type: 'graph';
  readonly title: string;
  readonly lines: readonly (MetricLine | ExpressionLine)[];
  /** @default 'Average' */
  readonly stat?: string;
  /** Seconds per datapoint. @default 300 */
  readonly period?: number;
  /** Left axis bounds and label. @default CloudWatch's automatic axis */
  readonly yAxis?: { readonly min?: number; readonly max?: number; readonly label?: string };
  /** Horizontal lines, e.g. an alarm threshold. @default none */
  readonly thresholds?: readonly { readonly value: number; readonly label: string }[];
  /** Columns of the 24-column grid. @default the row's width shared equally */
  readonly width?: number;
}

/** The state of a list of alarms, firing ones first: the first thing on call looks at. */
export interface AlarmStatusWidget {
  readonly type: 'alarms';
  readonly title: string;
  /** Alarm ARNs (at most 100). */
  readonly alarmArns: readonly string[];
  readonly width?: number;
}

export interface TextWidget {
  readonly type: 'text';
  /** Markdown. */
  readonly markdown: string;
  readonly width?: number;
}

export type DashboardWidget = GraphWidget | AlarmStatusWidget | TextWidget;

export interface DashboardRow {
  /** Shown as a heading above the row. @default no heading */
  readonly title?: string;
  /** Grid units (about 30 px each). @default 6 */
  readonly height?: number;
  readonly widgets: readonly DashboardWidget[];
}

export interface DashboardProps {
  /** Dashboard name: letters, digits, `-`, `_`; at most 255. */
  readonly name: string;
  /** Region the metrics are read from. */
  readonly region: string;
  /** Top to bottom; widgets of a row left to right on CloudWatch's 24-column grid. */
  readonly rows: readonly DashboardRow[];
}

const GRID_WIDTH = 24;
const MAX_ALARMS_PER_WIDGET = 100;

/**
 * A CloudWatch dashboard described as rows of widgets: positions are computed,
 * so adding a graph to a row never means re-counting coordinates by hand.
 */
export class Dashboard extends Construct {
  readonly dashboardName: string;
  readonly dashboardArn: string;
  /** The dashboard JSON, for tests and reviews. */
  readonly body: string;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    announceModule(this);
    refuse(`Dashboard ${props.name}`, dashboardProblems(props));
    this.body = JSON.stringify({ widgets: layout(props) });
    const dashboard = new CloudwatchDashboard(this, 'dashboard', { dashboardName: props.name, dashboardBody: this.body });
    this.dashboardName = dashboard.dashboardName;
    this.dashboardArn = dashboard.dashboardArn;
  }
}

function dashboardProblems(props: DashboardProps): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(props.name)) problems.push(`name "${props.name}" must be 1-255 letters, digits, "-" or "_"`);
  if (props.rows.length === 0) problems.push('rows must hold at least one row');
  props.rows.forEach((row, index) => {
    const width = rowWidths(row).reduce((sum, w) => sum + w, 0);
    if (row.widgets.length === 0) problems.push(`row ${index + 1} has no widgets`);
    else if (width > GRID_WIDTH) problems.push(`row ${index + 1} is ${width} columns wide; the grid has ${GRID_WIDTH}`);
    for (const widget of row.widgets) {
      if (widget.type === 'alarms' && widget.alarmArns.length > MAX_ALARMS_PER_WIDGET) {
        problems.push(`alarm widget "${widget.title}" lists ${widget.alarmArns.length} alarms; CloudWatch shows at most ${MAX_ALARMS_PER_WIDGET}`);
      }
      if (widget.type === 'graph' && widget.lines.length === 0) problems.push(`graph "${widget.title}" has no lines`);
    }
  });
  return problems;
}

/** Each widget's width: its own, or an equal share of what the row leaves. */
function rowWidths(row: DashboardRow): number[] {
  const fixed = row.widgets.reduce((sum, widget) => sum + (widget.width ?? 0), 0);
  const flexible = row.widgets.filter((widget) => widget.width === undefined).length;
  const share = flexible > 0 ? Math.max(1, Math.floor((GRID_WIDTH - fixed) / flexible)) : 0;
  return row.widgets.map((widget) => widget.width ?? share);
}

function layout(props: DashboardProps): Record<string, unknown>[] {
  const widgets: Record<string, unknown>[] = [];
  let y = 0;
  for (const row of props.rows) {
    if (row.title) {
      widgets.push({ type: 'text', x: 0, y, width: GRID_WIDTH, height: 1, properties: { markdown: `## ${row.title}` } });
      y += 1;
    }
    const height = row.height ?? 6;
    let x = 0;
    rowWidths(row).forEach((width, index) => {
      widgets.push({ x, y, width, height, ...widgetJson(row.widgets[index], props.region) });
      x += width;
    });
    y += height;
  }
  return widgets;
}

function widgetJson(widget: DashboardWidget, region: string): Record<string, unknown> {
  switch (widget.type) {
    case 'text':
      return { type: 'text', properties: { markdown: widget.markdown } };
    case 'alarms':
      return { type: 'alarm', properties: { title: widget.title, alarms: [...widget.alarmArns], sortBy: 'stateUpdatedTimestamp' } };
    case 'graph':
      return {
        type: 'metric',
        properties: {
          title: widget.title,
          region,
          view: 'timeSeries',
          stacked: false,
          stat: widget.stat ?? 'Average',
          period: widget.period ?? 300,
          metrics: widget.lines.map(metricJson),
          ...(widget.yAxis ? { yAxis: { left: { showUnits: false, ...widget.yAxis } } } : {}),
          ...(widget.thresholds ? { annotations: { horizontal: widget.thresholds.map(({ value, label }) => ({ value, label })) } } : {}),
        },
      };
  }
}

/** CloudWatch's array form: `[namespace, name, dim, value, ..., { options }]`, or `[{ expression, ... }]`. */
function metricJson(line: MetricLine | ExpressionLine): unknown[] {
  if ('expression' in line) return [{ expression: line.expression, label: line.label, id: line.id }];
  const options = {
    ...(line.stat ? { stat: line.stat } : {}),
    ...(line.label ? { label: line.label } : {}),
    ...(line.id ? { id: line.id } : {}),
    ...(line.visible === false ? { visible: false } : {}),
  };
  return [line.namespace, line.metricName, ...Object.entries(line.dimensions).flat(), ...(Object.keys(options).length > 0 ? [options] : [])];
}
