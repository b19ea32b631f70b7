import { Filters, FormatQuery, Limit, MetricsSpec, Nullable, NullableInt, NullableNumber, NullableString, Offset, Order, OrganKind, OrganScope, StringEnum, Type, Values, Year } from './common.ts';
import { Tables } from './reports.ts';

export const MetricRef = Type.Object({ id: Type.String(), label: Type.String(), unit: Type.String() });
const CountyRef = Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]);

export const AggregatesQuery = Type.Object({
  year: Year,
  ...OrganScope,
  by: Type.Optional(Type.Union([Type.Literal('organ'), Type.Literal('county')], { default: 'organ' })),
  metrics: MetricsSpec, filter: Filters,
  sort: Type.Optional(Type.String({ maxLength: 100, description: 'a metric id or name' })), order: Order,
  limit: Limit(), offset: Offset, format: FormatQuery,
});
export const AggregateRow = Type.Object({
  organId: NullableInt, organ: NullableString, kind: Nullable(OrganKind), countyId: NullableInt, county: NullableString,
  reportId: NullableInt, values: Values,
});
export const AggregatesResponse = Type.Object({
  year: Type.Integer(), county: CountyRef, by: StringEnum(['organ', 'county'] as const), metrics: Type.Array(MetricRef),
  rows: Type.Array(AggregateRow), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), sum: Type.Object({ values: Values }),
});

export const TotalQuery = Type.Object({ year: Year, ...OrganScope, metrics: MetricsSpec, format: FormatQuery });
export const TotalResponse = Type.Object({
  year: Type.Integer(), county: CountyRef, reports: Type.Integer(), organs: Type.Integer(),
  tables: Tables,
  blanks: Type.Record(Type.String(), Type.Integer()), values: Values, metrics: Type.Array(MetricRef),
});

export const TrendsQuery = Type.Object({
  organ: Type.Optional(Type.Integer({ minimum: 1 })), ...OrganScope,
  metrics: MetricsSpec, from: Type.Optional(Year), to: Type.Optional(Year), format: FormatQuery,
});
export const TrendsResponse = Type.Object({
  scope: Type.Object({ organ: Type.Optional(Type.Integer()), county: Type.Optional(Type.Integer()), kind: Type.Optional(Type.Array(OrganKind)) }),
  metrics: Type.Array(MetricRef),
  rows: Type.Array(Type.Object({ year: Type.Integer(), values: Values, change: Values })),
});

export const CompareQuery = Type.Object({
  metric: Type.String({ maxLength: 100 }), ...OrganScope,
  years: Type.Optional(Type.String({ maxLength: 300, pattern: '^\\s*\\d{4}(\\s*,\\s*\\d{4})*\\s*$', description: 'comma list, e.g. 2021,2022,2023' })),
  filter: Filters, sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('value')])), order: Order, format: FormatQuery,
});
export const CompareResponse = Type.Object({
  metric: MetricRef, years: Type.Array(Type.Integer()),
  rows: Type.Array(Type.Object({
    organId: Type.Integer(), organ: Type.String(), kind: Nullable(OrganKind), countyId: NullableInt, county: NullableString,
    cells: Type.Array(Type.Object({ year: Type.Integer(), value: NullableNumber, change: NullableNumber, changeRate: NullableNumber })),
  })),
});
