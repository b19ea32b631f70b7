import { Filters, FormatQuery, Limit, MetricsSpec, NullableInt, NullableNumber, NullableString, Offset, Order, Table, Type, Values, Year } from './common.ts';

export const MetricRef = Type.Object({ id: Type.String(), label: Type.String(), unit: Type.String() });
const CountyRef = Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]);

export const AggregatesQuery = Type.Object({
  year: Year,
  county: Type.Optional(Type.Integer({ minimum: 1 })),
  by: Type.Optional(Type.Union([Type.Literal('organ'), Type.Literal('county')], { default: 'organ' })),
  metrics: MetricsSpec, filter: Filters,
  sort: Type.Optional(Type.String({ maxLength: 100, description: 'a metric id or name' })), order: Order,
  limit: Limit(), offset: Offset, format: FormatQuery,
});
export const AggregateRow = Type.Object({
  organId: NullableInt, organ: NullableString, kind: NullableString, countyId: NullableInt, county: NullableString,
  reportId: NullableInt, values: Values,
});
export const AggregatesResponse = Type.Object({
  year: Type.Integer(), county: CountyRef, by: Type.String(), metrics: Type.Array(MetricRef),
  rows: Type.Array(AggregateRow), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer(), sum: Type.Object({ values: Values }),
});

export const TotalQuery = Type.Object({ year: Year, county: Type.Optional(Type.Integer({ minimum: 1 })), metrics: MetricsSpec, format: FormatQuery });
export const TotalResponse = Type.Object({
  year: Type.Integer(), county: CountyRef, reports: Type.Integer(), organs: Type.Integer(),
  tables: Type.Object({ active: Table, requests: Table, appeals: Table }),
  blanks: Type.Record(Type.String(), Type.Integer()), values: Values, metrics: Type.Array(MetricRef),
});

export const TrendsQuery = Type.Object({
  organ: Type.Optional(Type.Integer({ minimum: 1 })), county: Type.Optional(Type.Integer({ minimum: 1 })),
  metrics: MetricsSpec, from: Type.Optional(Year), to: Type.Optional(Year), format: FormatQuery,
});
export const TrendsResponse = Type.Object({
  scope: Type.Object({ organ: Type.Optional(Type.Integer()), county: Type.Optional(Type.Integer()) }),
  metrics: Type.Array(MetricRef),
  rows: Type.Array(Type.Object({ year: Type.Integer(), values: Values, change: Values })),
});

export const CompareQuery = Type.Object({
  metric: Type.String({ maxLength: 100 }), county: Type.Optional(Type.Integer({ minimum: 1 })),
  years: Type.Optional(Type.String({ maxLength: 300, pattern: '^\\s*\\d{4}(\\s*,\\s*\\d{4})*\\s*$', description: 'comma list, e.g. 2021,2022,2023' })),
  filter: Filters, sort: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('value')])), order: Order, format: FormatQuery,
});
export const CompareResponse = Type.Object({
  metric: MetricRef, years: Type.Array(Type.Integer()),
  rows: Type.Array(Type.Object({
    organId: Type.Integer(), organ: Type.String(), kind: NullableString, countyId: NullableInt, county: NullableString,
    cells: Type.Array(Type.Object({ year: Type.Integer(), value: NullableNumber, change: NullableNumber, changeRate: NullableNumber })),
  })),
});
