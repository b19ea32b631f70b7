import { FormatQuery, Severity, Type } from './common.ts';

export const MetricInfo = Type.Object({ id: Type.String(), label: Type.String(), unit: Type.String(), kind: Type.String() });

export const MetaResponse = Type.Object({
  templateId: Type.String(), counties: Type.Integer(), organs: Type.Integer(), reports: Type.Integer(),
  years: Type.Array(Type.Integer()), latestYear: Type.Union([Type.Integer(), Type.Null()]), empty: Type.Boolean(),
});

const Labeled = Type.Object({ key: Type.String(), label: Type.String() }, { additionalProperties: true });

export const TemplateResponse = Type.Object({
  templateId: Type.String(),
  sections: Type.Array(Type.Object({ no: Type.String(), title: Type.String(), key: Type.String() })),
  activeItems: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), article: Type.String(), fields: Type.Array(Type.String()) })),
  activeFieldLabels: Type.Record(Type.String(), Type.String()),
  requestRows: Type.Array(Type.Object({ key: Type.String(), group: Type.Union([Type.String(), Type.Null()]), label: Type.String() })),
  requestColumns: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), short: Type.String() })),
  appealGroups: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), short: Type.String() })),
  appealColumns: Type.Array(Labeled),
  cells: Type.Array(Type.Object({
    key: Type.String(), section: Type.String(), row: Type.String(), column: Type.String(),
    sectionLabel: Type.String(), rowLabel: Type.String(), columnLabel: Type.String(), header: Type.String(),
  })),
  metrics: Type.Array(MetricInfo),
  summaryMetrics: Type.Array(Type.String()),
});

export const RuleRow = Type.Object({ id: Type.String(), title: Type.String(), severity: Severity, family: Type.String(), scope: Type.String() });
export const RulesResponse = Type.Object({ rows: Type.Array(RuleRow) });
export const RulesQuery = Type.Object({ format: FormatQuery });
